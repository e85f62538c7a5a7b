"""Figure builders for the text page: pure functions from a text result to plotly specs."""

from __future__ import annotations

import numpy as np

from ui.figures import layout, line
from ui.i18n import _
from ui.palette import HUMAN, generation_colour

ZIPF_LINES = 5  # generations drawn on the rank-frequency chart, the first and last included
LOG_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]


def zipf_generations(last: int, most: int = ZIPF_LINES) -> list[int]:
    """A handful of generations from 0 to last, evenly spread, both ends included."""
    return [int(g) for g in np.unique(np.linspace(0, last, min(most, last + 1)).round())]


def zipf_chart(example: dict, generations: list[int] | None = None) -> dict:
    """Log-log rank-frequency lines: how often the 1st, 2nd, ... most common word is used.

    The grey line is the human sample; each generation's line stops at its last word, so a
    vocabulary that shrinks shows as a line that ends sooner (the long tail is cut).
    """
    ranked = np.asarray(example["ranked"])
    last = ranked.shape[0] - 1
    human = np.asarray(example["human_counts"])
    traces = [_line(human, _("Human"), HUMAN, width=2, dash="dot")]
    for g in generations if generations is not None else zipf_generations(last):
        counts = ranked[g][ranked[g] > 0]
        traces.append(_line(counts, _("Gen {g}").format(g=g), generation_colour(g, last),
                            width=3, hover=_("Generation {g}").format(g=g)))
    longest = max([human.size, *(int((row > 0).sum()) for row in ranked)], default=1)
    highest = max([int(human.max(initial=1)), int(ranked.max(initial=1))])
    ticks = [t for t in LOG_TICKS if t <= max(longest, highest) * 1.5]
    return dict(data=traces, layout=layout(
        height=480, x_title=_("word rank (1 = most common)"), y_title=_("times used"),
        hovermode="closest", margin=dict(t=80),
        # Fixed-width legend entries: six of them fit in two or three rows even on a phone.
        legend=dict(entrywidth=95),
        # Powers of ten across: 1-2-5 steps collide on a phone's narrow plot.
        xaxis=dict(type="log", range=[0, float(np.log10(max(longest, 2) * 1.3))],
                   tickvals=[t for t in ticks if float(np.log10(t)).is_integer()]),
        yaxis=dict(type="log", range=[-0.1, float(np.log10(highest * 1.5))], tickvals=ticks),
    ))


def _line(counts: np.ndarray, name: str, colour: str, width: float, dash: str = "solid",
          hover: str | None = None) -> dict:
    """One rank-frequency line (ranks start at 1); `hover` names it when pointed at."""
    return line(
        np.arange(1, counts.size + 1), counts, name=name,
        line=dict(color=colour, width=width, dash=dash),
        hovertemplate=(hover or name) + "<br>" + _("word no. %{x}: used %{y} times")
        + "<extra></extra>",
    )
