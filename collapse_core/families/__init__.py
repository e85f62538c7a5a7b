"""The registry of experiment families: every model the lab can run, by name, from its card.

A family is a folder here holding its experiment, models, metrics, alarms, detector and a
`card.py` whose CARDS describe its models (collapse_core.family states what a card holds). It
is registered by one line: its folder's name in FAMILIES. The engine, the command line, the
cost estimate and the UI learn about families only from here; families never import each
other (tests/test_lint.py checks both). See README.md beside this file.
"""

from __future__ import annotations

from importlib import import_module

from collapse_core.family import FamilyCard

FAMILIES = (
    "continuous",
    "text",
    "digits",
    "hiring",
    "neural",
)


def _cards(families: tuple[str, ...]) -> dict[str, FamilyCard]:
    """Every card of the families, by model name, in the families' order."""
    cards = {}
    for family in families:
        for card in import_module(f"{__name__}.{family}.card").CARDS:
            if card.model in cards:
                raise ValueError(f"two cards for the model {card.model!r}")
            cards[card.model] = card
    return cards


CARDS = _cards(FAMILIES)
MODELS = tuple(CARDS)


def card_of(model: str) -> FamilyCard:
    """The card of a model, or a clear ValueError naming the models there are."""
    if model not in CARDS:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    return CARDS[model]
