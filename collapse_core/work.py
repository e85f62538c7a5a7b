"""How long a simulation will take, estimated before it starts (to refuse what is too big)."""

from __future__ import annotations

from collapse_core.experiments import DEFAULT_COMPONENTS, DEFAULT_LATENT_DIMS
from collapse_core.families.hiring import card as hiring_card
from collapse_core.settings import Settings

# CPU seconds of one generation of one run, per model at its default options: a fixed part
# (fit, sample, measure) and a part per item. Measured with benchmarks/bench_work.py and with
# the command itself on a busy 2-core machine, then rounded up to stand for a modest machine;
# re-measure when the engine changes.
GENERATION_COST = {  # (seconds, seconds per item)
    "gaussian": (0.4e-3, 30e-9),
    "mixture": (1.0e-3, 0.6e-6),
    "kde": (1.0e-3, 50e-9),
    "markov": (1.5e-3, 0.4e-6),
    "digits": (8.0e-3, 15e-6),
    "hiring": hiring_card.GENERATION_COST,
}
# What the learned detector adds to a generation of a run (learning, judging, and screening
# new candidates), as GENERATION_COST: measured with 20% fresh human data (see
# benchmarks/bench_filter.py), then doubled, since it may screen up to 10 batches.
LEARNED_FILTER_COST = {
    "gaussian": (4.5e-3, 2e-6),
    "mixture": (4e-3, 2.5e-6),
    "kde": (5e-3, 2e-6),
    "markov": (10e-3, 2.5e-6),
    "digits": (11e-3, 50e-6),
}


def size_factor(model: str, components: int | None, latent_dims: int | None) -> float:
    """How many times its default's work a bigger mixture or image model does (at least 1)."""
    size = 1.0
    if components is not None:
        size *= max(1.0, components / DEFAULT_COMPONENTS[model])
    if latent_dims is not None:
        size *= max(1.0, latent_dims / DEFAULT_LATENT_DIMS)
    return size


def mean_training_items(settings: Settings) -> float:
    """Items in a training set, on average over the generations (they grow when the sets
    accumulate: generation g trains on all (g + 1) N items so far)."""
    n = settings.sample_size
    return n * (settings.generations + 2) / 2 if settings.scheme == "accumulate" else n


def seconds_per_item(model: str, settings: Settings, components: int | None = None,
                     latent_dims: int | None = None) -> float:
    """Estimated CPU seconds per item and generation (a fit's fixed cost shared by its items),
    the learned detector's included."""
    fixed, per_item = GENERATION_COST[model]
    items = mean_training_items(settings)
    seconds = (fixed / items + per_item) * size_factor(model, components, latent_dims)
    if settings.filter in ("learned", "detect"):  # it judges each new set, not the whole pool
        filter_fixed, filter_per_item = LEARNED_FILTER_COST[model]
        seconds += (filter_fixed + filter_per_item * settings.sample_size) / items
    return seconds


def estimated_seconds(model: str, settings: Settings, components: int | None = None,
                      latent_dims: int | None = None) -> float:
    """Estimated CPU seconds of every run and generation of `settings` (GENERATION_COST, scaled
    with the model's size)."""
    item_generations = settings.runs * (settings.generations + 1) * mean_training_items(settings)
    return item_generations * seconds_per_item(model, settings, components, latent_dims)
