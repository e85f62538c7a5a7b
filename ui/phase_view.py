"""The phase diagram's figure and sentences: where the model keeps its spread."""

from __future__ import annotations

import numpy as np
import pandas as pd

from collapse_core.phase import KEPT, smallest_fraction_kept
from collapse_core.settings import Settings
from collapse_core.theory import NoClosedForm, expected_variance
from ui.figures import layout
from ui.palette import ALARM, HEATMAP, THEORY


def theory_spread(grid: pd.DataFrame, settings: Settings, estimator: str
                  ) -> np.ndarray | None:
    """sqrt(E[var]) at the last generation for each cell, or None without a closed form."""
    try:
        values = [
            expected_variance(settings.generations, int(n), estimator=estimator,
                              temperature=settings.temperature, scheme=settings.scheme,
                              fresh_fraction=f, human_data=settings.human_data)[-1]
            for n, f in zip(grid["sample_size"], grid["human_fraction"], strict=True)
        ]
    except NoClosedForm:
        return None
    return np.sqrt(np.array(values))


def _matrix(grid: pd.DataFrame, values) -> tuple[np.ndarray, list, list]:
    """Values as a (fractions x sample sizes) matrix with the axis labels."""
    table = grid.assign(v=values).pivot(index="human_fraction", columns="sample_size",
                                        values="v")
    return table.to_numpy(), list(table.columns), list(table.index)


def _line(z, x, y, colour: str, name: str, dash: str = "solid") -> dict:
    """The contour at KEPT, drawn as one line of one colour."""
    return dict(type="contour", z=z, x=x, y=y, showscale=False, hoverinfo="skip",
                showlegend=True,
                contours=dict(start=KEPT, end=KEPT, size=1, coloring="lines", showlabels=False),
                colorscale=[[0, colour], [1, colour]], name=name,
                line=dict(width=4, dash=dash))


def phase_figure(grid: pd.DataFrame, column: str, title: str, line_name: str,
                 theory: np.ndarray | None = None) -> dict:
    """Heatmap over sample size x human share, with the 90% line (and theory's, if any)."""
    z, sizes, fractions = _matrix(grid, grid[column])
    x, y = np.arange(len(sizes)), np.arange(len(fractions))
    traces = [
        dict(type="heatmap", z=z, x=x, y=y, zmin=0, zmax=1, colorscale=HEATMAP,
             text=[[f"{v:.0%}" for v in row] for row in z], texttemplate="%{text}",
             textfont=dict(size=13),
             # A horizontal colour bar under the map leaves the full width to the cells.
             colorbar=dict(title=dict(text=title, side="top"), tickformat=".0%",
                           tickvals=[0, 0.25, 0.5, 0.75, 1], ticklabeloverflow="allow",
                           orientation="h", y=-0.22, yanchor="top", thickness=14),
             hovertemplate="%{text}<extra></extra>"),
        _line(z, x, y, ALARM, line_name),
    ]
    if theory is not None:
        traces.append(_line(_matrix(grid, theory)[0], x, y, THEORY, "theory (average run)",
                            dash="dash"))
    return dict(data=traces, layout=layout(
        # Short axis titles: a phone's plot is under 300 pixels wide.
        height=600, x_title="sample size", y_title="human data share",
        hovermode="closest", margin=dict(t=60, b=110),
        xaxis=dict(tickvals=x, ticktext=[str(n) for n in sizes]),
        yaxis=dict(tickvals=y, ticktext=[f"{f:.0%}" for f in fractions]),
    ))


def reading(grid: pd.DataFrame, settings: Settings) -> str:
    """The phase diagram read out loud."""
    needed = smallest_fraction_kept(grid)
    kind = "fresh" if settings.human_data == "fresh" else "original"
    parts = []
    for n, f in needed.items():
        if f is None:
            parts.append(f"with {n} items no share on the map is enough")
        elif f == 0:
            parts.append(f"with {n} items it needs none")
        else:
            parts.append(f"with {n} items it needs at least {f:.0%}")
    return (f"To keep {KEPT:.0%} of its spread for {settings.generations} generations in the "
            f"typical run, a bell-curve model trained on {kind} human data: "
            + "; ".join(parts) + ". Bigger samples forget more slowly, and a little human "
            "data goes a long way.")
