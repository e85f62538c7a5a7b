"""The phase diagram's figure and sentences: where the model keeps its spread."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from collapse_core.phase import KEPT, smallest_fraction_kept
from collapse_core.settings import Settings
from collapse_core.theory import NoClosedForm, expected_variance
from ui.figures import layout
from ui.i18n import _
from ui.palette import ALARM, HEATMAP, THEORY


def theory_spread(grid: pd.DataFrame, settings: Settings, estimator: str
                  ) -> np.ndarray | None:
    """sqrt(E[var]) at the last generation for each cell, or None without a closed form
    (read-only: computed once per setting and shared)."""
    cells = tuple(zip(grid["sample_size"].tolist(), grid["human_fraction"].tolist(),
                      strict=True))
    return _theory_spread(cells, settings.generations, estimator, settings.temperature,
                          settings.scheme, settings.human_data)


# A slider move redraws the map: its 49 formulas were a quarter of the page's rerun.
@functools.lru_cache(maxsize=64)
def _theory_spread(cells: tuple[tuple[int, float], ...], generations: int, estimator: str,
                   temperature: float, scheme: str, human_data: str) -> np.ndarray | None:
    try:
        values = [
            expected_variance(generations, int(n), estimator=estimator,
                              temperature=temperature, scheme=scheme, fresh_fraction=f,
                              human_data=human_data)[-1]
            for n, f in cells
        ]
    except NoClosedForm:
        return None
    spread = np.sqrt(np.array(values))
    spread.setflags(write=False)
    return spread


def _matrix(grid: pd.DataFrame, values) -> tuple[np.ndarray, list, list]:
    """Values as a (fractions x sample sizes) matrix with the axis labels."""
    table = grid.assign(v=values).pivot(index="human_fraction", columns="sample_size",
                                        values="v")
    return table.to_numpy(), list(table.columns), list(table.index)


def outline(kept: np.ndarray, inset: float = 0.0) -> tuple[list, list]:
    """The edges between kept and other cells of a (rows x columns) grid, as one line broken
    by None, along the cells' borders (never through a cell and its label); `inset` moves
    every edge that far into the kept cell, so two outlines do not hide each other."""
    padded = np.pad(kept, 1)
    x, y = [], []
    for r, c in zip(*np.nonzero(kept), strict=True):
        left, right = c - 0.5 + inset, c + 0.5 - inset
        bottom, top = r - 0.5 + inset, r + 0.5 - inset
        for neighbour, xs, ys in (
            (padded[r, c + 1], (left, right), (bottom, bottom)),  # the cell below
            (padded[r + 2, c + 1], (left, right), (top, top)),  # above
            (padded[r + 1, c], (left, left), (bottom, top)),  # to the left
            (padded[r + 1, c + 2], (right, right), (bottom, top)),  # to the right
        ):
            if not neighbour:
                x += [*xs, None]
                y += [*ys, None]
    return x, y


def _outline_trace(values: np.ndarray, colour: str, name: str, dash: str = "solid",
                   inset: float = 0.0) -> dict:
    """The outline of the cells whose value reaches KEPT, as one legend entry."""
    x, y = outline(values >= KEPT, inset)
    return dict(type="scatter", mode="lines", x=x, y=y, name=name, hoverinfo="skip",
                line=dict(color=colour, width=4, dash=dash))


# The map keeps most of its height in present mode: its colour bar needs the room below it.
MAP_HEIGHT, MAP_PRESENT_HEIGHT = 400, 520


def phase_figure(grid: pd.DataFrame, column: str, title: str, line_name: str,
                 theory: np.ndarray | None = None) -> dict:
    """Heatmap over sample size x human share, shown up to 100%, with the outline of the
    squares that reach 90% (and theory's, if any)."""
    z, sizes, fractions = _matrix(grid, grid[column])
    x, y = np.arange(len(sizes)), np.arange(len(fractions))
    shown = np.minimum(z, 1.0)
    traces = [
        dict(type="heatmap", z=shown, x=x, y=y, zmin=0, zmax=1, colorscale=HEATMAP,
             # A square still being computed (NaN) is left blank, marked "…".
             text=[[f"{v:.0%}" if v == v else "…" for v in row] for row in shown],
             texttemplate="%{text}",
             textfont=dict(size=13),
             # A horizontal colour bar under the map leaves the full width to the cells. Its
             # title goes under its numbers: plotly draws a title on top over the bar itself.
             colorbar=dict(title=dict(text=title, side="bottom"), tickformat=".0%",
                           tickvals=[0, 0.25, 0.5, 0.75, 1], ticklabeloverflow="allow",
                           # At the bottom of the figure, below the axis title at any height
                           orientation="h", y=0, yref="container", yanchor="bottom",
                           thickness=14),
             hovertemplate="%{text}<extra></extra>"),
        _outline_trace(z, ALARM, line_name),
    ]
    if theory is not None:
        traces.append(_outline_trace(_matrix(grid, theory)[0], THEORY,
                                     _("theory (average run)"), dash="dash", inset=0.08))
    return dict(data=traces, layout=layout(
        # Short axis titles: a phone's plot is under 300 pixels wide.
        height=MAP_HEIGHT, x_title=_("sample size"), y_title=_("human data share"),
        # The right margin keeps the colour bar's last number ("100%") whole.
        hovermode="closest", margin=dict(t=60, b=150, r=30),
        xaxis=dict(tickvals=x, ticktext=[str(n) for n in sizes], range=[-0.5, len(sizes) - 0.5],
                   showgrid=False),
        yaxis=dict(tickvals=y, ticktext=[f"{f:.0%}" for f in fractions],
                   range=[-0.5, len(fractions) - 0.5], showgrid=False),
    ))


def reading(grid: pd.DataFrame, settings: Settings) -> str:
    """The phase diagram read out loud (once every square is computed)."""
    if grid["median_spread"].isna().any():
        return ""
    needed = _needed(tuple(zip(grid["sample_size"].tolist(), grid["human_fraction"].tolist(),
                               grid["median_spread"].tolist(), strict=True)))
    parts = []
    for n, f in needed.items():
        if f is None:
            parts.append(_("with {n} items no share on the map is enough").format(n=n))
        elif f == 0:
            parts.append(_("with {n} items it needs none").format(n=n))
        else:
            parts.append(_("with {n} items it needs at least {f}").format(n=n, f=f"{f:.0%}"))
    template = (_("To keep {kept} of its spread for {g} generations in the typical run, a "
                  "bell-curve model trained on fresh human data: {needs}. Bigger samples "
                  "forget more slowly, and a little human data goes a long way.")
                if settings.human_data == "fresh" else
                _("To keep {kept} of its spread for {g} generations in the typical run, a "
                  "bell-curve model trained on original human data: {needs}. Bigger samples "
                  "forget more slowly, and a little human data goes a long way."))
    return template.format(kept=f"{KEPT:.0%}", g=settings.generations, needs=_("; ").join(parts))


@functools.lru_cache(maxsize=64)
def _needed(cells: tuple[tuple[int, float, float], ...]) -> dict[int, float | None]:
    """smallest_fraction_kept of the map's (sample size, human share, spread kept) cells."""
    grid = pd.DataFrame(cells, columns=["sample_size", "human_fraction", "median_spread"])
    return smallest_fraction_kept(grid)
