"""Figures of the hiring page: each group's hiring rate against the people's, and the rule."""

from __future__ import annotations

import numpy as np
import pandas as pd

from collapse_core.summary import band
from ui.figures import layout, line
from ui.i18n import _
from ui.palette import HUMAN, THEORY, with_alpha

LARGER, SMALLER = "#0072B2", "#E69F00"  # the two groups, on every chart of the page
GROUPS = (("majority", LARGER), ("minority", SMALLER))


def group_name(group: str) -> str:
    """'larger group' or 'smaller group', in the reader's language."""
    return _("larger group") if group == "majority" else _("smaller group")


def rates_chart(metrics: pd.DataFrame, shown_at: int | None = None,
                theory: dict[str, np.ndarray] | None = None) -> dict:
    """Each group's hiring rate under the model (median and 10-90% band over runs) and under
    the people (dotted), over generations; `theory` lines in green."""
    runs, traces = metrics["run"].nunique(), []
    for group, colour in GROUPS:
        model = band(metrics, f"yes_rate_{group}")
        people = band(metrics, f"human_yes_rate_{group}")
        x = model["generation"].to_numpy()
        if runs > 1:
            traces += [line(x, model["high"].to_numpy(), line=dict(width=0), showlegend=False,
                            hoverinfo="skip"),
                       line(x, model["low"].to_numpy(), line=dict(width=0), fill="tonexty",
                            fillcolor=with_alpha(colour, 0.2), showlegend=False,
                            hoverinfo="skip")]
        traces.append(line(x, model["median"].to_numpy(), line=dict(color=colour, width=4),
                           name=_("Model: {group}").format(group=group_name(group))))
        traces.append(line(x, people["median"].to_numpy(),
                           line=dict(color=colour, width=2, dash="dot"),
                           name=_("People: {group}").format(group=group_name(group))))
    for name, values in (theory or {}).items():
        traces.append(line(np.arange(values.size), values, name=name,
                           line=dict(color=THEORY, width=3, dash="dash")))
    shapes = [] if shown_at is None else [dict(
        type="line", yref="paper", y0=0, y1=1, x0=shown_at, x1=shown_at,
        line=dict(color=HUMAN, width=3, dash="dash"))]
    top = max(0.5, float(np.nanmax(metrics[[f"yes_rate_{g}" for g, _c in GROUPS]])) + 0.05)
    return dict(data=traces, layout=layout(
        height=400, x_title=_("generation"), y_title=_("share hired"), margin=dict(t=90),
        shapes=shapes, yaxis=dict(range=[0, min(top, 1.0)], tickformat=".0%",
                                  hoverformat=".1%")))


def rule_chart(example: dict, generation: int, height: int = 380) -> dict:
    """The chance of being hired along the score, for each group: the model's at one
    generation (solid) against the people's (dotted), over where each group's scores lie;
    `height` pixels tall."""
    grid, traces = example["grid"], []
    # The larger group's lines are wider: where a rule is the same for both (a model blind to
    # the group, the people's fair rule), the smaller group's shows inside the larger's.
    for k, ((group, colour), width) in enumerate(zip(GROUPS, (7, 3), strict=True)):
        density = example["density"][k] / example["density"][k].max()
        traces.append(line(grid, density, fill="tozeroy", fillcolor=with_alpha(colour, 0.12),
                           line=dict(width=0), hoverinfo="skip", showlegend=False))
        traces.append(line(grid, example["people_yes"][k], name=_("People: {group}").format(
            group=group_name(group)), line=dict(color=colour, width=width - 1, dash="dot")))
        traces.append(line(grid, example["model_yes"][generation][k],
                           name=_("Model, gen {g}: {group}").format(g=generation,
                                                                   group=group_name(group)),
                           line=dict(color=colour, width=width)))
    return dict(data=traces, layout=layout(
        height=height, x_title=_("score (shaded: where each group's scores lie)"),
        y_title=_("chance of being hired"), margin=dict(t=90), hovermode=False,
        xaxis=dict(range=[grid[0], grid[-1]], fixedrange=True),
        yaxis=dict(range=[0, 1.02], fixedrange=True, tickformat=".0%")))
