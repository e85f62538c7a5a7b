"""Smoothing (KDE): the contrasting failure, where the shape blurs instead of narrowing."""

import streamlit as st

from collapse_core.monitor import SPREAD_DOUBLED
from collapse_core.sources import PRESETS, continuous_source
from ui.compute import run_or_explain
from ui.continuous_view import show_continuous_result
from ui.knobs import Knob
from ui.recursion_controls import recursion_controls
from ui.theory_view import kde_theory

SOURCE = Knob("src", "Human data", "The real distribution the first model learns from.",
              "three-modes", widget="selectbox", options=tuple(PRESETS),
              labels=("One bell curve", "Three groups (one rare)", "Majority and minority",
                      "Rare extremes (heavy tail)"))
BANDWIDTH = Knob("bw", "Bump width (bandwidth)", "How wide a bump the model puts on every "
                 "data point. Scott's and Silverman's rules pick it from the data's spread; a "
                 "number fixes it.", "scott", widget="select_slider",
                 options=("0.05", "0.1", "0.2", "0.3", "0.5", "1.0", "scott", "silverman"),
                 labels=("0.05", "0.1", "0.2", "0.3", "0.5", "1.0", "Scott's rule",
                         "Silverman's rule"))

st.title("Smoothing (KDE)")
st.markdown(
    "A *kernel density estimate* puts a small bump on every data point and adds them up. It "
    "does not narrow like a bell curve: each generation adds a little blur. **Peaks merge, "
    "gaps fill in and the shape dissolves**: a different way to forget the same truth."
)
settings, knobs = recursion_controls(
    defaults={"g": 50, "n": 1000}, page_knobs=(SOURCE, BANDWIDTH)
)
result = run_or_explain("kde", {"source": knobs["src"], "bandwidth": knobs["bw"]}, settings)
if result is not None:
    theory, note = kde_theory(knobs["src"], knobs["bw"], settings)
    show_continuous_result(result, continuous_source(knobs["src"]), SPREAD_DOUBLED, theory, note)
