"""The hiring page's knobs, and the model and settings their values ask for."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from collapse_core import Settings
from collapse_core.families.hiring.population import MAX_BIAS
from ui.i18n import N_
from ui.knobs import Knob

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
HIRING_KNOBS = (LABELS, SHARE, SEES, REBALANCE, LEAVE, BIAS)


def hiring_options(knobs: dict[str, Any]) -> dict[str, Any]:
    """The model's options the knobs' values stand for."""
    return {"minority_share": knobs["ms"] / 100, "labels": knobs["lab"],
            "sees_group": knobs["sg"], "rebalance": knobs["rb"], "leave": knobs["lv"],
            "bias": float(knobs["hb"])}


def temperature_unused(settings: Settings, knobs: dict[str, Any]) -> bool:
    """Whether the temperature is set but has no effect (decisions by argmax)."""
    return knobs["lab"] == "argmax" and settings.temperature != 1


def decided(settings: Settings, knobs: dict[str, Any]) -> Settings:
    """The settings the model runs with: the temperature only samples decisions."""
    return replace(settings, temperature=1.0) if temperature_unused(settings, knobs) else settings
