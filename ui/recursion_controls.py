"""The controls every experiment page shares: presets, the recursion's knobs, an advanced fold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import streamlit as st

from collapse_core.settings import Settings
from ui import link
from ui.i18n import N_, _
from ui.knobs import Knob, set_knobs

SAMPLE_SIZES = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)

GENERATIONS = Knob("g", N_("Generations"), N_("How many times the model is retrained on data "
                   "that is partly its own output."), 50, low=1, high=200, step=1)
SAMPLE_SIZE = Knob("n", N_("Sample size"), N_("How many data points each model learns from. "
                   "Small samples forget faster."), 1000, widget="select_slider",
                   options=SAMPLE_SIZES)
HUMAN_PERCENT = Knob("h", N_("Human data in each new training set"), N_("The share of real "
                     "human data mixed into every new training set. 0% means the model learns "
                     "only from its own output."), 0, low=0, high=100, step=5, format="%d%%")
HUMAN_DATA = Knob("hd", N_("Which human data"), N_("Reuse the original human sample, or collect "
                  "fresh human data every generation."), "original", widget="radio",
                  options=("original", "fresh"),
                  labels=(N_("Keep the original"), N_("Fresh each time")))
SCHEME = Knob("sc", N_("Old training data"), N_("Replace: each model learns only from the "
              "newest data. Accumulate: every earlier training set is kept too."), "replace",
              widget="radio", options=("replace", "accumulate"),
              labels=(N_("Replace"), N_("Accumulate")))
TEMPERATURE = Knob("t", N_("Temperature"), N_("How boldly the model samples. Below 1 it plays "
                   "safe (as chatbots usually do), which speeds up forgetting."), 1.0,
                   low=0.5, high=1.5, step=0.05, format="%.2f")
RUNS = Knob("r", N_("Runs"), N_("Repeat the whole experiment with different luck. With more "
            "than one run, curves show the typical run and the range of 80% of runs."), 1,
            low=1, high=50, step=1)
SEED = Knob("seed", N_("Seed"), N_("The random seed: the same seed gives exactly the same "
            "result."), 0, widget="number", low=0, high=999_999, step=1)

RECURSION_KNOBS = (GENERATIONS, SAMPLE_SIZE, HUMAN_PERCENT, HUMAN_DATA, SCHEME, TEMPERATURE,
                   RUNS, SEED)

STANDARD_PRESETS = {
    N_("Pure self-training"): {},
    N_("Keep 10% original"): {"h": 10, "hd": "original"},
    N_("10% fresh human data"): {"h": 10, "hd": "fresh"},
    N_("Accumulate all data"): {"sc": "accumulate"},
    N_("Low temperature"): {"t": 0.8},
}


_DEFAULTS_SEEN = "_defaults_seen"  # the defaults of the page's last run, to follow them


def _follow_defaults(defaults: dict[str, Any]) -> None:
    """Move each knob still at its old default to its new one (before the widgets are drawn)."""
    seen = st.session_state.get(_DEFAULTS_SEEN, {})
    for key, default in defaults.items():
        old = seen.get(key, default)
        if old != default and st.session_state.get(key) == old:
            st.session_state[key] = default
    st.session_state[_DEFAULTS_SEEN] = defaults


def _new_seed() -> None:
    """Callback: a new random seed, so the same settings run with different luck."""
    st.session_state["seed"] = int(np.random.default_rng().integers(1_000_000))


def recursion_controls(
    defaults: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    model_knobs: tuple[Knob, ...] = (),
    page_knobs: tuple[Knob, ...] = (),
    presets: dict[str, dict[str, Any]] | None = None,
    popover=None,
) -> tuple[Settings, dict[str, Any]]:
    """Draw the controls; return the Settings and the values of the model's own knobs.

    The recursion's knobs go in the sidebar, `model_knobs` in its advanced fold, `page_knobs`
    (what the page is about, e.g. the source) in a row at the top of the page and the presets
    at the top of the sidebar; in present mode the page's knobs and the presets go in
    `popover` (see ui.page_header). `defaults` may depend on the page knobs' values (a
    function of them): a knob that sits at its default follows it when they change.
    """
    fixed = defaults if isinstance(defaults, dict) else {}
    page_knobs = tuple(replace(k, default=fixed.get(k.key, k.default)) for k in page_knobs)
    bad = link.start(list(page_knobs))
    values = {}
    if page_knobs:
        places = [popover] * len(page_knobs) if popover else st.columns(len(page_knobs))
        for where, knob in zip(places, page_knobs, strict=True):
            values[knob.key] = knob.render(where)
    if callable(defaults):
        fixed = defaults(values)
    common = [replace(k, default=fixed.get(k.key, k.default)) for k in RECURSION_KNOBS]
    model_knobs = tuple(replace(k, default=fixed.get(k.key, k.default)) for k in model_knobs)
    knobs = {k.key: k for k in (*common, *model_knobs, *page_knobs)}
    # Presets and Reset move the recursion's knobs; what the page is about stays as it is.
    start = {knob.key: knob.default for knob in (*common, *model_knobs) if knob.key != "seed"}
    bad |= link.start([*common, *model_knobs])
    _follow_defaults({key: knobs[key].default for key in fixed if key in knobs})

    where = popover or st.sidebar
    where.markdown(_("**Presets**") if popover else _("### Presets"))
    for i, (name, change) in enumerate((presets or STANDARD_PRESETS).items()):
        where.button(_(name), on_click=set_knobs, args=({**start, **change},), width="stretch",
                     key=f"preset-{i}")
    where.button(_("Reset"), icon=":material/restart_alt:", on_click=set_knobs,
                 args=({**start, "seed": knobs["seed"].default},), width="stretch",
                 key="preset-reset", help=_("Back to the default settings."))

    bar = st.sidebar
    bar.markdown(_("### Experiment"))
    values.update({key: knobs[key].render(bar) for key in ("g", "n", "h")})
    with bar.expander(_("Advanced"), expanded=False):
        for key in ("hd", "sc", "t", "r"):
            values[key] = knobs[key].render()
        for knob in model_knobs:
            values[knob.key] = knob.render()
        values["seed"] = int(knobs["seed"].render())
        st.button(_("New random run"), icon=":material/casino:", on_click=_new_seed,
                  width="stretch", help=_("Same settings, different luck: picks a new seed."))
    link.report(list(knobs.values()), bad, values)
    link.write(list(knobs.values()), values)
    settings = Settings(
        generations=values["g"], sample_size=values["n"], human_fraction=values["h"] / 100,
        human_data=values["hd"], scheme=values["sc"], temperature=float(values["t"]),
        seed=values["seed"], runs=values["r"],
    )
    return settings, {knob.key: values[knob.key] for knob in (*model_knobs, *page_knobs)}
