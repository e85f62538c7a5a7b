"""Text (Markov chain): a word-level model retrained on its own writing loses its rare words."""

import streamlit as st

from ui.compute import run_or_explain
from ui.knobs import Knob
from ui.recursion_controls import recursion_controls
from ui.text_view import own_text, show_text_result

ORDER = Knob("o", "Words of context (order)", "How many previous words the model looks at to "
             "pick the next one. More context copies longer phrases of its training text.", 2,
             low=1, high=4, step=1)
TOP_K = Knob("tk", "Only the most likely next words (top-k)", "At each step the model only "
             "picks among this many most likely next words; 'all' keeps every word it knows. "
             "Fewer choices is safer writing, and faster forgetting.", "all",
             widget="select_slider", options=("all", "50", "20", "10", "5", "3"))
CORPUS = Knob("c", "Human text", "The human-written text the first model learns from.", "kjv",
              widget="radio", options=("kjv", "python-docs", "own"),
              labels=("King James Bible", "Python's documentation", "Your own text"))

st.title("Text (Markov chain)")
st.markdown(
    "This model only knows which word tends to follow which: it learns that from a sample of "
    "human text, then writes text of its own. Train the next model on that text, and the next "
    "on its output: **the common phrases survive, the rare words drop out**, and the writing "
    "narrows to a few worn-out sentences."
)
settings, knobs = recursion_controls(
    defaults={"g": 30, "n": 2000},
    model_knobs=(ORDER, TOP_K),
    page_knobs=(CORPUS,),
)
options = {"order": knobs["o"], "top_k": None if knobs["tk"] == "all" else int(knobs["tk"])}
text = own_text(chosen=knobs["c"] == "own")
if knobs["c"] == "own":
    if text is None:
        st.stop()  # own_text has said what to do
    options["corpus_text"] = text
else:
    options["corpus"] = knobs["c"]

result = run_or_explain("markov", options, settings)
if result is not None:
    show_text_result(result)
