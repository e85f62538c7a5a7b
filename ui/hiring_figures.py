"""Figures of the hiring page: each group's hiring rate against the people's, and the rule."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from collapse_core.summary import band
from ui.captions import share
from ui.figures import layout, line
from ui.i18n import _
from ui.palette import HUMAN, THEORY, with_alpha

LARGER, SMALLER = "#0072B2", "#E69F00"  # the two groups, on every chart of the page
GROUPS = (("majority", LARGER), ("minority", SMALLER))
# Where both groups' rules are one, its line's colour: the people's grey, and for the model a
# reddish purple apart from both groups' colours (Okabe-Ito, colour-blind safe).
BOTH_MODEL = "#CC79A7"
SAME_RULE = 0.01  # rules within a point of each other everywhere are one line on the chart


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
        people = band(metrics, f"people_rate_{group}")
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


def applicants(grid: np.ndarray, density: np.ndarray, smaller_share: float) -> list[dict]:
    """Each group's applicants along the score, shaded in its colour and named in the legend
    with its share: each group's density weighted by its share of the applicants, the taller
    scaled to the chart's top (so the smaller group looks as small as it is), outlined (where
    the hills overlap, their shades mix)."""
    shares = np.array([1.0 - smaller_share, smaller_share])
    sizes = density * shares[:, None]
    sizes = sizes / sizes.max()
    return [line(grid, sizes[k], fill="tozeroy", fillcolor=with_alpha(colour, 0.25),
                 line=dict(color=colour, width=1.5), hoverinfo="skip", yaxis="y2",
                 name=_("Applicants: {group} ({share})").format(group=group_name(group),
                                                                share=share(shares[k])))
            for k, (group, colour) in enumerate(GROUPS)]


def rule_chart(example: dict, generation: int, smaller_share: float, height: int = 380
               ) -> dict:
    """The chance of being hired along the score, for each group: the model's at one
    generation (solid) against the people's (dotted), over where each group's applicants lie
    (the smaller group `smaller_share` of them, on an axis of their own: how many is not a
    chance); `height` pixels tall. Where the two groups' rules coincide (a model blind to the
    group, the people's fair rule), one line in a neutral colour stands for both: two lines
    on top of each other would hide one."""
    grid = example["grid"]
    traces = applicants(grid, example["density"], smaller_share)
    traces += rule_lines(grid, example["people_yes"], dict(dash="dot", width=3), HUMAN,
                         lambda group: _("People: {group}").format(group=group))
    traces += rule_lines(grid, example["model_yes"][generation], dict(width=4), BOTH_MODEL,
                         lambda group: _("Model, gen {g}: {group}").format(g=generation,
                                                                         group=group))
    return dict(data=traces, layout=layout(
        # On two lines: a projector's short plot is less tall than it is long.
        height=height, x_title=_("score"), y_title=_("chance of<br>being hired"),
        margin=dict(t=90), hovermode=False,
        xaxis=dict(range=[grid[0], grid[-1]], fixedrange=True),
        yaxis=dict(range=[0, 1.02], fixedrange=True, tickformat=".0%"),
        yaxis2=dict(title=dict(text=_("applicants")), overlaying="y", side="right",
                    range=[0, 1.02], fixedrange=True, showticklabels=False, showgrid=False)))


def rules_coincide(rules: np.ndarray) -> bool:
    """Whether the two groups' chances of being hired (two rows along the score) lie on top of
    each other on the chart (within a point of each other everywhere)."""
    return bool(np.max(np.abs(rules[0] - rules[1])) < SAME_RULE)


def rule_lines(grid: np.ndarray, rules: np.ndarray, style: dict, both_colour: str,
               name: Callable[[str], str]) -> list[dict]:
    """One rule per group in its colour, or one line in `both_colour` named for both groups
    where they coincide (`name`: the legend's words for a group's words)."""
    if rules_coincide(rules):
        return [line(grid, rules[0], name=name(_("both groups (one rule)")),
                     line=dict(color=both_colour, **style))]
    return [line(grid, rules[k], name=name(group_name(group)), line=dict(color=colour, **style))
            for k, (group, colour) in enumerate(GROUPS)]
