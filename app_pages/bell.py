"""Bell curves & mixtures: the paper's headline experiment, where the spread narrows."""

import streamlit as st

from collapse_core.families.continuous.metrics import SPREAD_HALVED
from collapse_core.families.continuous.sources import RARE_GROUP_SOURCES, continuous_source
from ui.continuous_view import show_continuous_result
from ui.i18n import N_
from ui.model_knobs import COMPONENTS, CONTINUOUS_MODEL, ESTIMATOR, SOURCE, continuous_model
from ui.page_header import page_header, page_story
from ui.recursion_controls import recursion_controls
from ui.serving.compute import headline, run_or_explain
from ui.theory_view import gaussian_theory

popover = page_header(
    N_("Bell curves & mixtures"),
    N_("Each model learns only from the one before it: press **Play** and watch the curve "
       "narrow."),
)
chart = st.container()  # first on the page; the settings go under it
settings, knobs = recursion_controls(
    # Whether a rare group survives is luck: with one, the page speaks in odds over 20 runs.
    defaults=lambda page: {"g": 100, "n": 100,
                           "r": 20 if page["src"] in RARE_GROUP_SOURCES else 1},
    model_knobs=(ESTIMATOR, COMPONENTS),
    page_knobs=(CONTINUOUS_MODEL, SOURCE),
    popover=popover,
    computes=continuous_model,
)
model, options = continuous_model(knobs)
details = st.container()
with chart:
    result = run_or_explain(model, options, settings)
    if result is not None:
        theory, note = gaussian_theory(model, knobs["src"], knobs["est"], settings)
        show_continuous_result(result, continuous_source(knobs["src"]), SPREAD_HALVED, theory,
                               note, typical_by=headline(model, tuple(options.items())),
                               details=details)
page_story(N_("A model learns the shape of some human data, then produces new data. The next "
              "model learns from that output, and so on. Each time a little of the truth is "
              "lost by chance, and what is rare goes first: **the spread narrows and small "
              "groups vanish**."))
