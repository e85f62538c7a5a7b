"""Handwritten digits: the telephone game with pictures, tiny images retrained on themselves."""

import streamlit as st

from collapse_core.digits_model import MAX_COMPONENTS, MAX_LATENT_DIMS
from ui.compute import run_or_explain
from ui.digits_view import show_digits_result
from ui.knobs import Knob
from ui.recursion_controls import STANDARD_PRESETS, recursion_controls

LATENT = Knob("ld", "Numbers per image", "The model squeezes each 8×8 image into this many "
              "numbers (PCA) before learning them. Too few and it cannot draw digits well: the "
              "paper's 'expressivity error'.", 10, low=1, high=MAX_LATENT_DIMS, step=1)
COMPONENTS = Knob("k", "Bell curves in the model", "How many bell curves (a Gaussian mixture) "
                  "the model spreads over those numbers: roughly, how many kinds of digit it "
                  "can keep apart.", 10, low=1, high=MAX_COMPONENTS, step=1)
PRESETS = {**STANDARD_PRESETS, "Too little capacity": {"ld": 2, "k": 3}}

st.title("Handwritten digits")
st.markdown(
    "The telephone game with pictures. A small image model learns from real handwritten "
    "digits, then draws new ones; the next model learns from those drawings, and so on. "
    "**The digits get blurrier and more alike, and some stop appearing.**"
)
settings, knobs = recursion_controls(
    defaults={"g": 50, "n": 500},
    model_knobs=(LATENT, COMPONENTS),
    presets=PRESETS,
)
result = run_or_explain("digits", {"latent_dims": knobs["ld"], "components": knobs["k"]},
                        settings)
if result is not None:
    show_digits_result(result)
    st.caption("Human data: the 1,797 handwritten digits bundled with scikit-learn "
               "(8×8 pixels; UCI Optical Recognition of Handwritten Digits). 30% are held "
               "out to test the classifier and are never used as human data.")
