"""What the filter page runs for each choice of model, and what it judges the model on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from collapse_core.families import CARDS
from collapse_core.families.continuous.metrics import continuous_metrics
from collapse_core.families.continuous.sources import continuous_source
from collapse_core.families.digits.metrics import MAX_ENTROPY
from collapse_core.family import FamilyCard
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


# The words of each headline metric: the view's name and its axis title (English messages).
HEADLINE_WORDS = {
    "std": (N_("Spread"), N_("spread")),
    "rare_mode_mass": (N_("Rare group"), N_("rare group")),
    "vocab_size": (N_("Vocabulary"), N_("different words")),
    "digit_entropy": (N_("Mix variety"), N_("variety (bits)")),
}
# Which human items count as rare, by family (see each family's detector).
RARE_WORDS = {
    "continuous": N_("values where the human data is thinnest"),
    "text": N_("sentences with a word the text uses at most 3 times"),
    "digits": N_("the most unusual tenth of handwriting"),
}
# The models the filter page offers (those whose card has a filter setup), in the menu's words.
MODEL_WORDS = {
    "gaussian": N_("One bell curve"),
    "mixture": N_("Mixture of bell curves, three groups (one rare)"),
    "kde": N_("Smoothing (KDE), three groups (one rare)"),
    "markov": N_("Text (Markov chain)"),
    "digits": N_("Handwritten digits"),
}
# A headline axis with a fixed range: variety cannot pass log2(10) bits.
Y_AXES = {"digit_entropy": (("range", (0, MAX_ENTROPY * 1.05)),)}


def _family(card: FamilyCard) -> Family:
    """The filter page's run of a card's model and its words."""
    setup = card.filter_setup
    metric, alarm = card.headline_of(dict(setup.options))
    return Family(card.model, setup.options, metric, alarm, *HEADLINE_WORDS[metric],
                  RARE_WORDS[card.family],
                  (("g", setup.generations), ("n", setup.sample_size), ("r", setup.runs)),
                  y_axis=Y_AXES.get(metric, ()))


FAMILIES = {model: _family(card) for model, card in CARDS.items()
            if card.filter_setup is not None}


def reference(family: Family, metrics: pd.DataFrame) -> float:
    """The value the warning line is drawn against: the human data's rare group, else the
    typical run's generation 0."""
    if family.metric == "rare_mode_mass":
        source = continuous_source(dict(family.options)["source"])
        return continuous_metrics(source.distribution, source)["rare_mode_mass"]
    return typical(metrics, family.metric)[0]
