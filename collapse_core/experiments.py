"""One place that turns a model name and its options into an experiment to simulate (from the
model's card: collapse_core.families)."""

from __future__ import annotations

from collapse_core.families import CARDS, MODELS, card_of

DEFAULT_SAMPLE_SIZE = {model: card.sample_size for model, card in CARDS.items()}
# Every option some model takes: another model's options are accepted and left unused.
OPTIONS = frozenset(option.name for card in CARDS.values() for option in card.options)

__all__ = ["DEFAULT_SAMPLE_SIZE", "MODELS", "build_experiment"]


def build_experiment(model: str, **options):
    """The experiment for `model` with its options (None or left out: the card's default);
    clear ValueErrors for bad ones.

    For markov, `corpus_text` (the reader's own text) takes the place of a named corpus.
    For digits, `latent_dims` and `components` set the image model's capacity.
    """
    unknown = set(options) - OPTIONS
    if unknown:
        raise TypeError(f"no model takes the option {min(unknown)!r}; the options are "
                        f"{', '.join(sorted(OPTIONS))}")
    card = card_of(model)
    own = {option.name for option in card.options}
    return card.experiment(**{k: v for k, v in options.items() if k in own})
