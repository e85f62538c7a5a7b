"""How long a simulation will take, estimated before it starts (to refuse what is too big).

Each model's card holds its cost per generation of one run (FamilyCard.cost: a fixed part, for
fit, sample and measure, and a part per item) and what the learned detector adds to it
(FamilyCard.learned_filter_cost). The costs are measured with benchmarks/bench_work.py and with
the command itself on a busy 2-core machine, then rounded up to stand for a modest machine;
the learned detector's with 20% fresh human data (benchmarks/bench_filter.py), then doubled,
since it may screen up to 10 batches. Re-measure when the engine changes.
"""

from __future__ import annotations

from collections.abc import Mapping

from collapse_core.families import CARDS, card_of
from collapse_core.settings import Settings

# The cards' costs as tables, (seconds, seconds per item) by model.
GENERATION_COST = {model: (card.cost.fixed, card.cost.per_item) for model, card in CARDS.items()}
LEARNED_FILTER_COST = {model: (card.learned_filter_cost.fixed, card.learned_filter_cost.per_item)
                       for model, card in CARDS.items() if card.learned_filter_cost is not None}


def mean_training_items(settings: Settings) -> float:
    """Items in a training set, on average over the generations (they grow when the sets
    accumulate: generation g trains on all (g + 1) N items so far)."""
    n = settings.sample_size
    return n * (settings.generations + 2) / 2 if settings.scheme == "accumulate" else n


def seconds_per_item(model: str, settings: Settings, options: Mapping | None = None
                     ) -> float:
    """Estimated CPU seconds per item and generation (a fit's fixed cost shared by its items),
    the learned detector's included; `options` may make the model bigger (its card's
    scales_with)."""
    card = card_of(model)
    items = mean_training_items(settings)
    seconds = (card.cost.fixed / items + card.cost.per_item) * card.size_factor(options or {})
    if settings.filter in ("learned", "detect"):  # it judges each new set, not the whole pool
        extra = card.learned_filter_cost
        seconds += (extra.fixed + extra.per_item * settings.sample_size) / items
    return seconds


def estimated_seconds(model: str, settings: Settings, options: Mapping | None = None
                      ) -> float:
    """Estimated CPU seconds of every run and generation of `settings` (the card's cost, scaled
    with the model's size)."""
    item_generations = settings.runs * (settings.generations + 1) * mean_training_items(settings)
    return item_generations * seconds_per_item(model, settings, options)
