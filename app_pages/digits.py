"""Handwritten digits: the telephone game with pictures, tiny images retrained on themselves."""

import streamlit as st

from collapse_core.families.digits.model import MAX_COMPONENTS, MAX_LATENT_DIMS
from ui.digits_view import show_digits_result
from ui.i18n import N_, _
from ui.knobs import Knob
from ui.page_header import page_header, page_story
from ui.present import presenting
from ui.recursion_controls import STANDARD_PRESETS, recursion_controls
from ui.serving.compute import run_or_explain

LATENT = Knob("ld", N_("Numbers per image"), N_("The model squeezes each 8×8 image into this "
              "many numbers (PCA) before learning them. Too few and it cannot draw digits well: "
              "the paper's 'expressivity error'."), 10, low=1, high=MAX_LATENT_DIMS, step=1)
COMPONENTS = Knob("k", N_("Bell curves in the model"), N_("How many bell curves (a Gaussian "
                  "mixture) the model spreads over those numbers: roughly, how many kinds of "
                  "digit it can keep apart."), 10, low=1, high=MAX_COMPONENTS, step=1)
PRESETS = {**STANDARD_PRESETS, N_("Too little capacity"): {"ld": 2, "k": 3}}


def computes(knobs: dict) -> tuple[str, dict]:
    """The model and the options the knobs choose."""
    return "digits", {"latent_dims": knobs["ld"], "components": knobs["k"]}


popover = page_header(
    N_("Handwritten digits"),
    N_("The telephone game with pictures: each model learns to draw from the last one's "
       "drawings. Press **Play** and watch the digits fade."),
)
chart = st.container()  # first on the page; the settings go under it
settings, knobs = recursion_controls(
    defaults={"g": 50, "n": 500},
    model_knobs=(LATENT, COMPONENTS),
    presets=PRESETS,
    popover=popover,
    computes=computes,
)
details = st.container()
with chart:
    result = run_or_explain(*computes(knobs), settings)
    if result is not None:
        show_digits_result(result, details=details)
if not presenting():
    st.caption(_("Human data: the 1,797 handwritten digits bundled with scikit-learn (8×8 "
                 "pixels; UCI Optical Recognition of Handwritten Digits). 30% are held out "
                 "to test the classifier and are never used as human data."))
page_story(N_("A small image model learns from real handwritten digits, then draws new ones; "
              "the next model learns from those drawings, and so on. **The digits get "
              "blurrier and more alike, and some stop appearing.**"))
