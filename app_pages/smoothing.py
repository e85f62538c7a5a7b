"""Smoothing (KDE): the contrasting failure, where the shape blurs instead of narrowing."""

import streamlit as st

from collapse_core.families.continuous.metrics import SPREAD_DOUBLED
from collapse_core.families.continuous.sources import continuous_source
from ui.continuous_view import show_continuous_result
from ui.i18n import N_
from ui.model_knobs import BANDWIDTH, SOURCE
from ui.page_header import page_header, page_story
from ui.recursion_controls import recursion_controls
from ui.serving.compute import run_or_explain
from ui.theory_view import kde_theory

popover = page_header(
    N_("Smoothing (KDE)"),
    N_("This model smooths its data into a curve, and each copy adds a little blur: press "
       "**Play** and watch the shape melt away."),
)
chart = st.container()  # first on the page; the settings go under it
settings, knobs = recursion_controls(
    defaults={"g": 50, "n": 1000, "src": "three-modes"}, page_knobs=(SOURCE, BANDWIDTH),
    popover=popover,
)
details = st.container()
with chart:
    result = run_or_explain("kde", {"source": knobs["src"], "bandwidth": knobs["bw"]}, settings)
    if result is not None:
        theory, note = kde_theory(knobs["src"], knobs["bw"], settings)
        # A smoothing model blurs rather than narrows: no room kept above the human data.
        show_continuous_result(result, continuous_source(knobs["src"]), SPREAD_DOUBLED, theory,
                               note, details=details, headroom=1.0)
page_story(N_("A *kernel density estimate* (KDE) puts a small bump on every data point and adds "
              "them up. It does not narrow like a bell curve: each generation adds a little "
              "blur. **Peaks merge, gaps fill in and the shape dissolves**: a different way to "
              "forget the same truth."))
