"""Figure builders for the tiny neural network's page: pure functions of its result's arrays."""

from __future__ import annotations

import numpy as np

from ui.figures import layout
from ui.i18n import _
from ui.palette import HUMAN, generation_colour

# The letters chart names each bar it draws: a whole alphabet of up to WHOLE_ALPHABET letters,
# else the human sample's MOST_CHARACTERS most used (Chinese characters, twice as wide as
# letters): as many as fit under a 390 px phone's chart.
WHOLE_ALPHABET = 26
MOST_CHARACTERS = 20


def shown_characters(alphabet: str, human: np.ndarray) -> np.ndarray:
    """Which characters the letters chart draws: the whole alphabet in its order if it is short
    (letters), else the human sample's MOST_CHARACTERS most used (Chinese characters)."""
    if len(alphabet) <= WHOLE_ALPHABET:
        return np.arange(len(alphabet))
    return np.argsort(-np.asarray(human), kind="stable")[:MOST_CHARACTERS]


def _shares(counts: np.ndarray) -> np.ndarray:
    counts = np.asarray(counts, dtype=float)
    return counts / max(counts.sum(), 1.0)


def letters_chart(alphabet: str, human: np.ndarray, counts: np.ndarray, generation: int,
                  last: int, human_label: str) -> dict:
    """Bars: each character's share of all characters written, in the human sample and in a
    generation's inventions."""
    chosen = shown_characters(alphabet, human)
    names = [alphabet[i] for i in chosen]
    bars = [
        dict(type="bar", x=names, y=_shares(human)[chosen], name=human_label,
             marker=dict(color=HUMAN),
             hovertemplate="%{x}: %{y:.1%}<extra>" + _("Human") + "</extra>"),
        dict(type="bar", x=names, y=_shares(counts)[chosen],
             name=_("Gen {g}").format(g=generation),
             marker=dict(color=generation_colour(generation, last)),
             hovertemplate="%{x}: %{y:.1%}<extra>" + _("Gen {g}").format(g=generation)
             + "</extra>"),
    ]
    return dict(data=bars, layout=layout(
        height=360, x_title=_("character"), y_title=_("share of characters written"),
        barmode="group", margin=dict(t=70), yaxis=dict(tickformat=".0%", rangemode="tozero"),
        xaxis=dict(type="category", tickangle=0, dtick=1),  # every bar named
    ))


def lengths_chart(human: np.ndarray, lengths: np.ndarray, generation: int, last: int,
                  human_label: str) -> dict:
    """Bars: the share of items of each length, in the human sample and in a generation's
    inventions (lengths up to the longest either has)."""
    human, lengths = _shares(human), _shares(lengths)
    longest = max(int(np.flatnonzero(human)[-1]), int(np.flatnonzero(lengths)[-1]), 1)
    x = np.arange(longest + 1)
    bars = [
        dict(type="bar", x=x, y=human[: longest + 1], name=human_label,
             marker=dict(color=HUMAN),
             hovertemplate=_("%{x} characters: %{y:.1%}") + "<extra></extra>"),
        dict(type="bar", x=x, y=lengths[: longest + 1], name=_("Gen {g}").format(g=generation),
             marker=dict(color=generation_colour(generation, last)),
             hovertemplate=_("%{x} characters: %{y:.1%}") + "<extra></extra>"),
    ]
    return dict(data=bars, layout=layout(
        height=340, x_title=_("length (characters)"), y_title=_("share of items"),
        barmode="group", margin=dict(t=70), yaxis=dict(tickformat=".0%", rangemode="tozero"),
        xaxis=dict(dtick=1),
    ))
