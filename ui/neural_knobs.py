"""The tiny neural network's own knobs, and the options of the network they stand for."""

from __future__ import annotations

from typing import Any

from collapse_core.families.neural.card import NEURAL
from ui.i18n import N_
from ui.knobs import Knob

CONTEXT = Knob("ctx", N_("Characters of context"), N_("How many previous characters the network "
               "sees to guess the next one."), NEURAL.defaults()["context"], low=1, high=6, step=1)
HIDDEN = Knob("hu", N_("Hidden units"), N_("Neurons in the network's one hidden layer: more can "
              "learn more, and learn its sample more by heart."), NEURAL.defaults()["hidden"],
              widget="select_slider", options=(16, 32, 64, 128))
TOP_K = Knob("tk", N_("Only the most likely next characters (top-k)"), N_("At each step the "
             "network only picks among this many most likely next characters; 'all' keeps "
             "every one. Fewer choices is safer writing, and faster forgetting."), "all",
             widget="select_slider", options=("all", "10", "5", "3"),
             labels=(N_("all"), "10", "5", "3"))
NETWORK_KNOBS = (CONTEXT, HIDDEN, TOP_K)


def network_options(knobs: dict[str, Any]) -> dict[str, Any]:
    """The network's options (not its list) the knobs' values stand for."""
    return {"context": knobs["ctx"], "hidden": knobs["hu"],
            "top_k": None if knobs["tk"] == "all" else int(knobs["tk"])}
