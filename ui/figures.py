"""Figure builders: pure functions from results to plotly figures, the same look everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collapse_core.summary import band
from ui.palette import ALARM, HEATMAP, HUMAN, HUMAN_FILL, THEORY, generation_colour, with_alpha

FONT = dict(size=16)
MAX_FRAMES = 60


def base_layout(fig: go.Figure, *, height: int = 420, x_title: str = "", y_title: str = ""):
    """Large type for projectors, small margins, the legend on top."""
    # One update_layout with nested dicts: plotly's update_xaxes/update_yaxes are slow.
    fig.update_layout({
        "height": height, "font": FONT, "margin": dict(l=10, r=10, t=40, b=10),
        "legend": dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        "hovermode": "x unified",
        "xaxis": dict(title=dict(text=x_title)), "yaxis": dict(title=dict(text=y_title)),
    })
    return fig


def themed(fig: go.Figure, dark: bool) -> go.Figure:
    """Transparent background and text colours for the reader's light or dark theme."""
    ink, grid = ("#e6e6e6", "rgba(255, 255, 255, 0.15)") if dark else ("#262730", "#e6e6e6")
    axis = dict(gridcolor=grid, linecolor=grid, zeroline=False, automargin=True,
                title=dict(standoff=8))
    # template "none" plus explicit colours: a named template costs ~0.1 s on a big figure.
    fig.update_layout({
        "template": "none", "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "font": dict(FONT, color=ink), "legend": dict(bgcolor="rgba(0,0,0,0)"),
        **{name: axis for name in fig.layout if name.startswith(("xaxis", "yaxis"))},
        "xaxis": axis, "yaxis": axis,
    })
    return fig


def shown_generations(last: int, most: int = MAX_FRAMES) -> np.ndarray:
    """At most `most` generations from 0 to last, always including both ends."""
    if last + 1 <= most:
        return np.arange(last + 1)
    return np.unique(np.linspace(0, last, most).round().astype(int))


def density_player(example: dict, x_title: str = "value") -> go.Figure:
    """Animated curve of each generation's model, over generation 0 and the human source."""
    edges, density = example["edges"], example["density"]
    centres = 0.5 * (edges[:-1] + edges[1:])
    last = density.shape[0] - 1
    # Fixed axes for the whole animation; a collapsed spike may run off the top.
    reference = max(example["source_density"].max(), density[0].max())
    top = min(float(density.max()), 6 * reference) * 1.05

    def curve(g: int) -> dict:
        # Frames send only what changes (y, colour, name): plotly keeps the trace's x.
        # Plain dicts, not go.Scatter: ten times faster to build for 60 frames.
        return dict(type="scatter", mode="lines", name=f"Generation {g}",
                    y=np.minimum(density[g], top).astype(np.float32),
                    line=dict(color=generation_colour(g, last), width=4))

    fig = go.Figure([
        go.Scatter(x=centres, y=example["source_density"], mode="lines", name="Human data",
                   fill="tozeroy", fillcolor=HUMAN_FILL, line=dict(color=HUMAN, width=1)),
        go.Scatter(x=centres, y=density[0], mode="lines", name="Generation 0",
                   line=dict(color=generation_colour(0, last), width=2, dash="dash")),
        dict(curve(last), x=centres),
    ])
    steps = shown_generations(last)
    fig.frames = [dict(data=[curve(g)], traces=[2], name=str(g)) for g in steps]
    play = dict(frame=dict(duration=120, redraw=False), transition=dict(duration=0),
                fromcurrent=True, mode="immediate")
    fig.update_layout(
        updatemenus=[dict(
            type="buttons", direction="left", x=0, y=-0.5, xanchor="left", yanchor="top",
            pad=dict(t=0, r=10), showactive=False,
            buttons=[
                dict(label="▶ Play", method="animate", args=[None, play]),
                dict(label="❚❚ Pause", method="animate",
                     args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")]),
            ],
        )],
        sliders=[dict(
            active=len(steps) - 1, x=0, len=1, y=-0.16, yanchor="top",
            currentvalue=dict(prefix="Generation ", font=FONT), pad=dict(t=0),
            steps=[dict(label=str(g), method="animate",
                        args=[[str(g)], dict(frame=dict(duration=0, redraw=False),
                                             mode="immediate")]) for g in steps],
        )],
    )
    # Below the plot, full width (it must fit a phone): the generation slider, then the buttons.
    base_layout(fig, height=600, x_title=x_title, y_title="how common")
    fig.update_layout(margin=dict(b=200), hovermode=False)
    fig.update_xaxes(range=[edges[0], edges[-1]], fixedrange=True)
    fig.update_yaxes(range=[0, top], fixedrange=True, showticklabels=False)
    return fig


def history_heatmap(example: dict, x_title: str = "value") -> go.Figure:
    """Every generation at once: one row per generation, brighter where values are common."""
    edges, density = example["edges"], example["density"]
    # Pairs of cells merged: half the data to send, no visible loss at a heatmap's scale.
    pairs = density.shape[1] // 2
    density = density[:, : 2 * pairs].reshape(density.shape[0], pairs, 2).mean(axis=2)
    centres = edges[: 2 * pairs + 1 : 2][:-1] + (edges[2] - edges[0]) / 2
    ceiling = float(np.quantile(density, 0.995)) or 1.0
    fig = go.Figure(go.Heatmap(
        z=np.minimum(density, ceiling).astype(np.float32), x=centres,
        y=np.arange(density.shape[0]),
        colorscale=HEATMAP, zmin=0, zmax=ceiling, showscale=False,
        hovertemplate="generation %{y}<br>value %{x:.2f}<extra></extra>",
    ))
    base_layout(fig, height=440, x_title=x_title, y_title="generation")
    fig.update_layout(hovermode="closest")
    return fig


def metric_chart(
    metrics: pd.DataFrame,
    metric: str,
    y_title: str,
    *,
    threshold: float | None = None,
    alarm_at: int | None = None,
    theory: dict[str, np.ndarray] | None = None,
    percent: bool = False,
) -> go.Figure:
    """A metric over generations: one run as a line, or many as a median and a 10-90% band."""
    summary = band(metrics, metric)
    runs = metrics["run"].nunique()
    last = int(summary["generation"].iloc[-1])
    colour = generation_colour(last // 2, last)
    x = summary["generation"].to_numpy()
    # Plain dicts, shapes and annotations in one layout: plotly's helpers are slow.

    def line(y, **style) -> dict:
        return dict(type="scatter", mode="lines", x=x, y=np.asarray(y), **style)

    if runs > 1:
        example = metrics.loc[metrics["run"] == 0, metric]
        traces = [
            line(summary["high"], line=dict(width=0), showlegend=False, hoverinfo="skip"),
            line(summary["low"], line=dict(width=0), fill="tonexty",
                 fillcolor=with_alpha(colour, 0.25), name=f"80% of {runs} runs"),
            line(summary["median"], line=dict(color=colour, width=4),
                 name="Typical run (median)"),
            line(example, line=dict(color=HUMAN, width=1.5), name="Example run"),
        ]
    else:
        traces = [line(summary["median"], line=dict(color=colour, width=4), name="This run")]
    for i, (name, values) in enumerate((theory or {}).items()):
        traces.append(dict(type="scatter", mode="lines", x=np.arange(values.size), y=values,
                           name=name,
                           line=dict(color=THEORY, width=3, dash="dash" if i else "dot")))
    shapes, notes = [], []
    if threshold is not None:
        shapes.append(dict(type="line", xref="paper", x0=0, x1=1, y0=threshold, y1=threshold,
                           line=dict(color=ALARM, width=2, dash="dot")))
    if alarm_at is not None:
        shapes.append(dict(type="line", yref="paper", y0=0, y1=1, x0=alarm_at, x1=alarm_at,
                           line=dict(color=ALARM, width=2)))
        notes.append(dict(x=alarm_at, y=1, yref="paper", text=f"⚠ gen {alarm_at}",
                          showarrow=False, xanchor="left", yanchor="top",
                          font=dict(color=ALARM, size=15)))
    fig = go.Figure(dict(data=traces, layout=dict(shapes=shapes, annotations=notes)))
    base_layout(fig, height=360, x_title="generation", y_title=y_title)
    fig.update_layout({"margin": dict(t=70),
                       "yaxis": dict(tickformat=".0%") if percent else {}})
    return fig
