"""The Compare strategies page's knobs, and the strategies' runs their values ask for."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from collapse_core import Settings
from collapse_core.families import card_of
from collapse_core.strategies import DEFAULT_RECALL, FILTER_STRATEGIES, STRATEGIES, with_options
from ui.compare_view import MODEL_WORDS, YARDSTICKS
from ui.i18n import N_
from ui.knobs import Knob
from ui.model_knobs import CORPUS, SOURCE
from ui.recursion_controls import GENERATIONS, RUNS, SAMPLE_SIZE, SEED

MODEL = Knob("m", N_("Model"), N_("Which kind of model retrains on its own output."),
             "gaussian", widget="selectbox", options=tuple(YARDSTICKS),
             labels=tuple(MODEL_WORDS[model] for model in YARDSTICKS))
SHARE = Knob("x", N_("Human data share (for 'keep', 'fresh' and the filters)"), N_("How much "
             "human data the 'keep original' and 'fresh' strategies mix into every training set, "
             "and the filters into the web they screen."), 10,
             low=5, high=50, step=5, format="%d%%")
RECALL = Knob("fr", N_("AI-made items the filter catches"), N_("The ideal filter throws out "
              "this share of the AI-made items before training, and never a human one. Its "
              "web holds the fresh human data share above."), round(DEFAULT_RECALL * 100),
              low=0, high=100, step=5, format="%d%%")
LEARNED = Knob("lf", N_("Add the learned filter (slower)"), N_("A classifier learns, each "
               "generation, to tell human data from the model's output. It takes several "
               "times longer than all the other strategies together, so it waits until you "
               "switch it on."), False, widget="toggle", options=(False, True))
# By default one bell curve from 50 items for 100 generations: pure self-training clearly
# collapses (its spread ends near a fifth of generation 0's), so the remedies have work to do.
KNOBS = [MODEL, SOURCE, CORPUS, replace(GENERATIONS, default=100),
         replace(SAMPLE_SIZE, default=50), replace(RUNS, default=10), SHARE, RECALL, LEARNED,
         SEED]
# The model's human data: its option, and the knob that chooses it.
DATA_KNOBS = {"corpus": CORPUS, "source": SOURCE}


def base_settings(values: dict[str, Any]) -> Settings:
    """The experiment every strategy varies."""
    return Settings(generations=values["g"], sample_size=values["n"], runs=values["r"],
                    seed=values["seed"])


def strategy_plans(values: dict[str, Any]) -> dict[str, tuple[dict, Settings]]:
    """Each strategy's options and settings, by key, in the page's order, for the knobs'
    values (the filters' knobs may be left out: their defaults)."""
    model, fraction = values["m"], values["x"] / 100
    recall = values.get("fr", RECALL.default) / 100
    card = card_of(model)
    options = {name: values[knob.key] for name, knob in DATA_KNOBS.items()
               if knob.key in values}
    base = base_settings(values)
    strategies = card.strategies or (*STRATEGIES,
                                     *FILTER_STRATEGIES[: 2 if values.get("lf") else 1])
    return {s.key: (with_options(options, s), s.settings(base, fraction, recall))
            for s in strategies}
