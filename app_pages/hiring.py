"""Who gets left out? A screening model trained on its own hiring decisions."""

from dataclasses import replace

import streamlit as st

from collapse_core.families.hiring.population import MAX_BIAS
from ui.hiring_view import show_hiring_result
from ui.i18n import N_, _
from ui.knobs import Knob
from ui.page_header import page_header, page_story
from ui.recursion_controls import recursion_controls
from ui.serving.compute import run_or_explain

LABELS = Knob("lab", N_("How the model decides"), N_("Argmax: yes or no, whichever is likelier, "
              "as deployed systems do. Sample: yes with the model's own probability "
              "(calibrated); the temperature sharpens or softens it."), "argmax",
              widget="radio", options=("argmax", "sample"),
              labels=(N_("Whichever is likelier"), N_("With its own probability")))
SHARE = Knob("ms", N_("Smaller group's share"), N_("The smaller group's share of the "
             "applicants at the start."), 20, low=5, high=50, step=5, format="%d%%")
SEES = Knob("sg", N_("The model sees the group"), N_("The model reads each applicant's group "
            "as well as the score. A model blind to the group can still be unfair."), False,
            widget="toggle", options=(False, True))
REBALANCE = Knob("rb", N_("Rebalance the training set"), N_("Each group and decision counts "
                 "the same in every training set (Wyllie et al. 2024's stratified "
                 "reparation)."), False, widget="toggle", options=(False, True))
LEAVE = Knob("lv", N_("People leave"), N_("A group the model wrongly turns away applies less "
             "the next year (Hashimoto et al. 2018)."), False, widget="toggle",
             options=(False, True))
BIAS = Knob("hb", N_("Historical bias"), N_("How much less likely people were to hire the "
            "smaller group at the same score (in log-odds; 0 is a fair truth)."), 0.0,
            low=0.0, high=MAX_BIAS, step=0.25, format="%.2f")
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
    model_knobs=(SEES, REBALANCE, LEAVE, BIAS),
    page_knobs=(LABELS, SHARE),
    presets=PRESETS,
    popover=popover,
)
details = st.container()
if knobs["lab"] == "argmax" and settings.temperature != 1:
    chart.caption(_("The temperature changes only sampled decisions: with “whichever is "
                 "likelier” it has no effect."))
    settings = replace(settings, temperature=1.0)
options = {"minority_share": knobs["ms"] / 100, "labels": knobs["lab"],
           "sees_group": knobs["sg"], "rebalance": knobs["rb"], "leave": knobs["lv"],
           "bias": float(knobs["hb"])}
with chart:
    result = run_or_explain("hiring", options, settings)
    if result is not None:
        show_hiring_result(result, options, details=details)
page_story(N_("A model screens job applicants from a larger and a smaller group. Next year's "
              "model learns from this year's model's decisions instead of people's, and so on. "
              "**The model hires fewer and fewer, and the smaller group first.**"))
