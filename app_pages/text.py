"""Text (Markov chain): a word-level model retrained on its own writing loses its rare words."""

from dataclasses import replace

import streamlit as st

from ui.i18n import N_, language
from ui.knobs import Knob
from ui.own_text import capped_sample, own_text
from ui.page_header import page_header, page_story
from ui.recursion_controls import recursion_controls
from ui.serving.compute import run_or_explain
from ui.text_view import show_text_result

ORDER = Knob("o", N_("Words of context (order)"), N_("How many previous words the model looks "
             "at to pick the next one. More context copies longer phrases of its training "
             "text."), 2, low=1, high=4, step=1)
TOP_K = Knob("tk", N_("Only the most likely next words (top-k)"), N_("At each step the model "
             "only picks among this many most likely next words; 'all' keeps every word it "
             "knows. Fewer choices is safer writing, and faster forgetting."), "all",
             widget="select_slider", options=("all", "50", "20", "10", "5", "3"),
             labels=(N_("all"), "50", "20", "10", "5", "3"))
# A Chinese reader starts on the Chinese text; the link always says which text it is.
CORPUS = Knob("c", N_("Human text"), N_("The human-written text the first model learns from."),
              "three-kingdoms" if language() == "zh" else "kjv", widget="radio",
              options=("kjv", "python-docs", "three-kingdoms", "own"),
              labels=(N_("King James Bible"), N_("Python's documentation"),
                      N_("Romance of the Three Kingdoms (三国演义, Chinese)"),
                      N_("Your own text")), always_in_link=True)

popover = page_header(
    N_("Text (Markov chain)"),
    N_("A tiny text generator learns from human writing, then from its own: press **Play** "
       "and watch its words run out."),
)
chart = st.container()  # first on the page; the settings go under it
settings, knobs = recursion_controls(
    # Which rare words survive is luck: the page speaks in odds over 5 runs.
    defaults={"g": 30, "n": 2000, "r": 5},
    model_knobs=(ORDER, TOP_K),
    page_knobs=(CORPUS,),
    popover=popover,
)
details = st.container()
options = {"order": knobs["o"], "top_k": None if knobs["tk"] == "all" else int(knobs["tk"])}
with chart:
    text = own_text(chosen=knobs["c"] == "own")
    if knobs["c"] == "own":
        if text is None:
            st.stop()  # own_text has said what to do
        options["corpus_text"] = text.text
        settings = replace(settings, sample_size=capped_sample(text, settings.sample_size))
    else:
        options["corpus"] = knobs["c"]
    result = run_or_explain("markov", options, settings)
    if result is not None:
        show_text_result(result, details=details)
page_story(N_("This model (a *Markov chain*) only knows which word tends to follow which: it "
              "learns that from a sample of human text, then writes text of its own. Train the "
              "next model on that text, and the next on its output: **the common phrases "
              "survive, the rare words drop out**, and the writing narrows to a few worn-out "
              "sentences."))
