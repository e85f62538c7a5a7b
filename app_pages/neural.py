"""A tiny neural network: a character-level language model that invents names, retrained on its
own inventions."""

import streamlit as st

from collapse_core.families.neural.card import NEURAL
from collapse_core.families.neural.wordlists import ZH_WORDS
from ui.i18n import N_, _, language
from ui.knobs import Knob
from ui.neural_knobs import NETWORK_KNOBS, network_options
from ui.neural_view import show_neural_result
from ui.own_list import LIST_BOX
from ui.page_header import page_header, page_story
from ui.present import presenting
from ui.recursion_controls import STANDARD_PRESETS, recursion_controls
from ui.serving.compute import run_or_explain

# A Chinese reader starts on Chinese words; the link always says which list it is.
CORPUS = Knob("c", N_("Human data"), N_("The list of human-made items the first network learns "
              "from, drawn by how common each one is."),
              "zh-words" if language() == "zh" else "names", widget="radio",
              options=("names", "zh-words", "own"),
              labels=(N_("English given names (US census)"), N_("Chinese words (jieba)"),
                      N_("Your own list")),
              always_in_link=True)
# What happens, told of the list shown: the letters that go first are the names' (Characters).
STORIES = {
    "names": N_("A real neural network, just very small: it reads real names one letter at a "
                "time and learns to invent new ones. The next network learns only from those "
                "inventions, and so on. **The inventions get repetitive and bland, and rare "
                "letters vanish: q, x and z go first.**"),
    "zh-words": N_("A real neural network, just very small: it reads real Chinese words one "
                   "character at a time and learns to invent new ones. The next network learns "
                   "only from those inventions, and so on. **The inventions get repetitive and "
                   "bland, and rare characters are the first to vanish.**"),
    "own": N_("A real neural network, just very small: it reads your list one character at a "
              "time and learns to invent new items. The next network learns only from those "
              "inventions, and so on. **The inventions get repetitive and bland, and rare "
              "characters are the first to vanish.**"),
}
PRESETS = {**STANDARD_PRESETS, N_("A bigger network"): {"hu": 128, "ctx": 4}}

popover = page_header(
    N_("A tiny neural network"),
    N_("A tiny neural network invents names, then learns from its inventions: press **Play** "
       "and watch them grow alike."),
)
chart = st.container()  # first on the page; the settings go under it
settings, knobs = recursion_controls(
    defaults={"g": 30, "n": NEURAL.sample_size},
    model_knobs=NETWORK_KNOBS,
    page_knobs=(CORPUS,),
    presets=PRESETS,
    popover=popover,
    computes=lambda knobs: (NEURAL.model, network_options(knobs)),
)
details = st.container()
options = network_options(knobs)
with chart:
    own = LIST_BOX.show(chosen=knobs["c"] == "own")
    if knobs["c"] == "own":
        if own is None:
            st.stop()  # the box has said what to do
        options["corpus_text"] = own.text
    else:
        options["corpus"] = knobs["c"]
    result = run_or_explain(NEURAL.model, options, settings)
    if result is not None:
        show_neural_result(result, settings.generations, details=details)
        if not presenting():
            details.caption(_(result.example["credit"]).format(words=ZH_WORDS))
page_story(STORIES[knobs["c"]])
