"""Who gets left out? A screening model trained on its own hiring decisions."""

import streamlit as st

from ui.hiring_knobs import HIRING_KNOBS, decided, hiring_options, temperature_unused
from ui.hiring_view import show_hiring_result
from ui.i18n import N_, _
from ui.page_header import page_header, page_story
from ui.recursion_controls import recursion_controls
from ui.serving.compute import run_or_explain

PRESETS = {
    N_("The model decides alone"): {},
    N_("Sample its decisions"): {"lab": "sample"},
    N_("20% fresh human decisions"): {"h": 20, "hd": "fresh"},
    N_("Accumulate all data"): {"sc": "accumulate"},
    N_("Rebalance"): {"rb": True},
    N_("People leave"): {"lv": True},
    N_("A biased past"): {"hb": 1.0, "sg": True},
}

popover = page_header(
    N_("Who gets left out?"),
    N_("A model screens job applicants, then learns from its own decisions: press **Play** "
       "and watch who it stops hiring."),
)
chart = st.container()  # first on the page; the settings go under it
settings, knobs = recursion_controls(
    defaults={"g": 20, "n": 1000, "r": 10},
    model_knobs=HIRING_KNOBS[2:],
    page_knobs=HIRING_KNOBS[:2],
    presets=PRESETS,
    popover=popover,
    computes=lambda knobs: ("hiring", hiring_options(knobs)),
)
details = st.container()
if temperature_unused(settings, knobs):
    chart.caption(_("The temperature changes only sampled decisions: with “whichever is "
                 "likelier” it has no effect."))
settings = decided(settings, knobs)
options = hiring_options(knobs)
with chart:
    result = run_or_explain("hiring", options, settings)
    if result is not None:
        show_hiring_result(result, options, details=details)
page_story(N_("A model screens job applicants from a larger and a smaller group. Next year's "
              "model learns from this year's model's decisions instead of people's, and so on. "
              "**The model hires fewer and fewer, and the smaller group first.**"))
