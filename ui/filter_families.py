"""What the filter page runs for each choice of model, and what it judges the model on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from collapse_core.families.continuous.metrics import (
    RARE_MODE_GONE,
    SPREAD_DOUBLED,
    SPREAD_HALVED,
    continuous_metrics,
)
from collapse_core.families.continuous.sources import continuous_source
from collapse_core.families.digits.metrics import ENTROPY_FELL, MAX_ENTROPY
from collapse_core.families.text.metrics import VOCABULARY_HALVED
from collapse_core.monitor import Alarm
from ui.captions import typical
from ui.i18n import N_


@dataclass(frozen=True)
class Family:
    """A model on its human data, as the filter page runs it, and what it is judged on."""

    model: str
    options: tuple[tuple[str, object], ...]
    metric: str  # the headline metric, drawn beside the detector's
    alarm: Alarm  # its warning line
    view: str  # the headline view's name (an English message)
    y_title: str  # its axis title (an English message)
    rare: str  # which human items count as rare (an English message)
    defaults: tuple[tuple[str, int], ...]  # generations, sample size, runs
    y_axis: tuple[tuple[str, object], ...] = ()


VALUES_RARE = N_("values where the human data is thinnest")
FAMILIES = {
    "gaussian": Family("gaussian", (("source", "bell"),), "std", SPREAD_HALVED, N_("Spread"),
                       N_("spread"), VALUES_RARE, (("g", 50), ("n", 100), ("r", 5))),
    "mixture": Family("mixture", (("source", "three-modes"),), "rare_mode_mass",
                      RARE_MODE_GONE, N_("Rare group"), N_("rare group"), VALUES_RARE,
                      (("g", 50), ("n", 100), ("r", 5))),
    "kde": Family("kde", (("source", "three-modes"),), "std", SPREAD_DOUBLED, N_("Spread"),
                  N_("spread"), VALUES_RARE, (("g", 50), ("n", 500), ("r", 5))),
    "markov": Family("markov", (("corpus", "kjv"),), "vocab_size", VOCABULARY_HALVED,
                     N_("Vocabulary"), N_("different words"),
                     N_("sentences with a word the text uses at most 3 times"),
                     (("g", 30), ("n", 2000), ("r", 3))),
    "digits": Family("digits", (), "digit_entropy", ENTROPY_FELL, N_("Mix variety"),
                     N_("variety (bits)"), N_("the most unusual tenth of handwriting"),
                     (("g", 30), ("n", 500), ("r", 1)),
                     y_axis=(("range", (0, MAX_ENTROPY * 1.05)),)),
}


def reference(family: Family, metrics: pd.DataFrame) -> float:
    """The value the warning line is drawn against: the human data's rare group, else the
    typical run's generation 0."""
    if family.metric == "rare_mode_mass":
        source = continuous_source(dict(family.options)["source"])
        return continuous_metrics(source.distribution, source)["rare_mode_mass"]
    return typical(metrics, family.metric)[0]
