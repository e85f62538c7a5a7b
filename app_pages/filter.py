"""Can we filter it out? A detector keeps AI-made content out of each generation's training set."""

from dataclasses import replace

import streamlit as st

from collapse_core.filtering import FilterError
from ui.filter_families import FAMILIES, MODEL_WORDS
from ui.filter_view import show_filter_result
from ui.i18n import N_
from ui.knobs import Knob
from ui.page_header import page_header, page_story
from ui.recursion_controls import WEB_FILLS, recursion_controls
from ui.serving.compute import cannot_run, run_or_explain

MODEL = Knob("m", N_("Model"), N_("Which kind of model learns, and from which human data."),
             "gaussian", widget="selectbox", options=tuple(FAMILIES),
             labels=tuple(MODEL_WORDS[model] for model in FAMILIES))
DETECTOR = Knob("f", N_("Detector"), N_("Learned: a classifier trained each generation to tell "
                "human data from the model's output; it throws out what it flags as AI-made. "
                "Ideal: it catches the share of AI-made items you set, whatever they look "
                "like. Watching only: the learned detector judges, but throws nothing out."),
                "learned", widget="radio", options=("learned", "ideal", "detect"),
                labels=(N_("Learned"), N_("Ideal"), N_("Watching only")))
RECALL = Knob("fr", N_("Ideal detector: AI-made items caught (recall)"), N_("The share of the "
              "AI-made items the ideal detector catches and throws out."), 90, low=0,
              high=100, step=5, format="%d%%")
FALSE_POSITIVE = Knob("fp", N_("Ideal detector: human items thrown out (false positives)"),
                      N_("The share of the human items the ideal detector wrongly takes for "
                         "AI-made and throws out."), 0, low=0, high=50, step=5, format="%d%%")
# The web fills with AI content (as the experiment pages' preset): the page's default.
WEB = {"h": 95, "hd": "fresh", "he": 50, "hk": 30}
PRESETS = {WEB_FILLS: {}, N_("Pure self-training"): {"h": 0},
           N_("10% fresh human data"): {"h": 10}}

page_header(
    N_("Can we filter it out?"),
    N_("Each generation a detector tries to throw out AI-made data before the model learns: "
       "does it tell them apart, and does it keep the model grounded?"),
    presets=False,  # its presets stay under the chart, in present mode too
)
chart = st.container()  # first on the page; the settings go under it
settings, knobs = recursion_controls(
    defaults=lambda page: {**WEB, **dict(FAMILIES[page["m"]].defaults)},
    model_knobs=(RECALL, FALSE_POSITIVE),
    page_knobs=(MODEL, DETECTOR),
    presets=PRESETS,
)
details = st.container()
family = FAMILIES[knobs["m"]]
chosen = ({"filter": "ideal", "filter_recall": knobs["fr"] / 100,
           "filter_false_positive": knobs["fp"] / 100} if knobs["f"] == "ideal" else
          {"filter": knobs["f"]})
with chart:
    try:
        filtered = replace(settings, **chosen)
    except FilterError as error:  # e.g. an ideal detector that catches all, with no human data
        cannot_run(error)
        st.stop()
    result = run_or_explain(family.model, dict(family.options), filtered)
    plain = run_or_explain(family.model, dict(family.options), settings)
    if result is not None and plain is not None:
        show_filter_result(family, result, plain, details=details)
page_story(N_("More and more of the web is written by AI, and the next models learn from the "
              "web. One answer is to check the data before training and throw out what looks "
              "AI-made (Feng et al., 2024; Yi et al., 2026). Here each generation's training "
              "set is collected from the web of its time (fresh human data and the previous "
              "model's output) through a detector. An *ideal* detector catches the share of "
              "AI-made items you set; a *learned* one is a classifier that must tell them "
              "apart, and can be wrong both ways."))
