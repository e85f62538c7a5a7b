"""Figure builders: pure functions from results to plotly figures, the same look everywhere.

A figure is a plain dict in plotly's JSON schema: building plotly.graph_objects validates
every value, which costs more than the simulation behind a chart. The test suite checks every
builder's output against that schema instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collapse_core.summary import band
from ui.palette import ALARM, HEATMAP, HUMAN, HUMAN_FILL, THEORY, generation_colour, with_alpha

FONT = dict(size=16)
# The player's frames: its slider draws a step per frame, and 60 steps took the browser
# 20 ms longer to draw than 30. At 250 ms a frame, Play runs for four to seven seconds.
MAX_FRAMES = 30
FRAME_MS = 250
ROUND_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)  # up to MAX_GENERATIONS


def merged(base: dict, extra: dict) -> dict:
    """`base` updated by `extra`, nested dicts merged key by key (as plotly's update_layout)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out


def layout(*, height: int = 420, x_title: str = "", y_title: str = "", **extra) -> dict:
    """Large type for projectors, small margins, the legend on top; `extra` merged in."""
    return merged({
        "height": height, "font": FONT, "margin": dict(l=10, r=10, t=40, b=10),
        "legend": dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        "hovermode": "x unified",
        "xaxis": dict(title=dict(text=x_title)), "yaxis": dict(title=dict(text=y_title)),
    }, extra)


def themed(spec: dict, dark: bool) -> dict:
    """The figure with a transparent background and text colours for the light or dark theme."""
    ink, grid = ("#e6e6e6", "rgba(255, 255, 255, 0.15)") if dark else ("#262730", "#e6e6e6")
    axis = dict(gridcolor=grid, linecolor=grid, zeroline=False, automargin=True,
                title=dict(standoff=8))
    axes = {name for name in spec.get("layout", {}) if name.startswith(("xaxis", "yaxis"))}
    theme = {
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "font": dict(FONT, color=ink), "legend": dict(bgcolor="rgba(0,0,0,0)"),
        **{name: axis for name in axes | {"xaxis", "yaxis"}},
    }
    # The builder's own settings win over the theme's (e.g. an axis title's colour).
    return dict(spec, layout=merged(theme, spec.get("layout", {})))


def line(x, y, **style) -> dict:
    """A scatter trace drawn as a line."""
    return dict(type="scatter", mode="lines", x=x, y=y, **style)


def hline(y: float, colour: str, dash: str = "solid", width: float = 2) -> dict:
    """A horizontal line across the plot (a layout shape)."""
    return dict(type="line", xref="paper", x0=0, x1=1, y0=y, y1=y,
                line=dict(color=colour, width=width, dash=dash))


def shown_generations(last: int, most: int = MAX_FRAMES) -> np.ndarray:
    """At most `most` generations from 0 to last, both ends included, at a round step, so
    that the player's slider reads 0, 5, 10, ... rather than 0, 3, 7, ..."""
    step = next(s for s in ROUND_STEPS if -(-last // s) + 1 <= most)
    return np.append(np.arange(0, last, step), last)


def density_player(example: dict, x_title: str = "value") -> dict:
    """Animated curve of each generation's model, over generation 0 and the human source."""
    edges, density = example["edges"], example["density"]
    centres = 0.5 * (edges[:-1] + edges[1:])
    last = density.shape[0] - 1
    # Fixed axes for the whole animation: the human data and generation 0 always fit, a
    # collapsed spike may run off the top.
    reference = max(example["source_density"].max(), density[0].max())
    top = float(np.clip(density.max(), reference, 6 * reference)) * 1.05

    def curve(g: int) -> dict:
        # Frames send only what changes (y, colour, name): plotly keeps the trace's x.
        return dict(type="scatter", mode="lines", name=f"Generation {g}",
                    y=np.minimum(density[g], top).astype(np.float32),
                    line=dict(color=generation_colour(g, last), width=4))

    steps = shown_generations(last)
    still = dict(frame=dict(duration=0, redraw=False), mode="immediate")
    play = dict(frame=dict(duration=FRAME_MS, redraw=False), transition=dict(duration=0),
                fromcurrent=True, mode="immediate")
    return dict(
        data=[
            line(centres, example["source_density"], name="Human data", fill="tozeroy",
                 fillcolor=HUMAN_FILL, line=dict(color=HUMAN, width=1)),
            line(centres, density[0], name="Generation 0",
                 line=dict(color=generation_colour(0, last), width=2, dash="dash")),
            dict(curve(last), x=centres),
        ],
        frames=[dict(data=[curve(g)], traces=[2], name=str(g)) for g in steps],
        layout=layout(
            # Below the plot, full width (it must fit a phone): the generation slider, then
            # the buttons.
            height=600, x_title=x_title, y_title="how common", margin=dict(b=200),
            hovermode=False,
            xaxis=dict(range=[edges[0], edges[-1]], fixedrange=True),
            yaxis=dict(range=[0, top], fixedrange=True, showticklabels=False),
            updatemenus=[dict(
                type="buttons", direction="left", x=0, y=-0.5, xanchor="left", yanchor="top",
                pad=dict(t=0, r=10), showactive=False,
                buttons=[
                    dict(label="▶ Play", method="animate", args=[None, play]),
                    dict(label="❚❚ Pause", method="animate", args=[[None], still]),
                ],
            )],
            sliders=[dict(
                active=len(steps) - 1, x=0, len=1, y=-0.16, yanchor="top",
                currentvalue=dict(prefix="Generation ", font=FONT), pad=dict(t=0),
                steps=[dict(label=str(g), method="animate", args=[[str(g)], still])
                       for g in steps],
            )],
        ),
    )


def history_heatmap(example: dict, x_title: str = "value") -> dict:
    """Every generation at once: one row per generation, brighter where values are common."""
    edges, density = example["edges"], example["density"]
    # Pairs of cells merged: half the data to send, no visible loss at a heatmap's scale.
    pairs = density.shape[1] // 2
    density = density[:, : 2 * pairs].reshape(density.shape[0], pairs, 2).mean(axis=2)
    centres = edges[: 2 * pairs + 1 : 2][:-1] + (edges[2] - edges[0]) / 2
    ceiling = float(np.quantile(density, 0.995)) or 1.0
    return dict(
        data=[dict(
            type="heatmap", z=np.minimum(density, ceiling).astype(np.float32), x=centres,
            y=np.arange(density.shape[0]), colorscale=HEATMAP, zmin=0, zmax=ceiling,
            showscale=False, hovertemplate="generation %{y}<br>value %{x:.2f}<extra></extra>",
        )],
        layout=layout(height=440, x_title=x_title, y_title="generation", hovermode="closest"),
    )


def metric_chart(
    metrics: pd.DataFrame,
    metric: str,
    y_title: str,
    *,
    threshold: float | None = None,
    alarm_at: int | None = None,
    theory: dict[str, np.ndarray] | None = None,
    percent: bool = False,
    y_axis: dict | None = None,
) -> dict:
    """A metric over generations: one run as a line, or many as a median and a 10-90% band."""
    summary = band(metrics, metric)
    runs = metrics["run"].nunique()
    last = int(summary["generation"].iloc[-1])
    colour = generation_colour(last // 2, last)
    x = summary["generation"].to_numpy()
    if runs > 1:
        example = metrics.loc[metrics["run"] == 0, metric].to_numpy(float)
        traces = [
            line(x, summary["high"].to_numpy(), line=dict(width=0), showlegend=False,
                 hoverinfo="skip"),
            line(x, summary["low"].to_numpy(), line=dict(width=0), fill="tonexty",
                 fillcolor=with_alpha(colour, 0.25), name=f"80% of {runs} runs"),
            line(x, summary["median"].to_numpy(), line=dict(color=colour, width=4),
                 name="Typical run (median)"),
            line(x, example, line=dict(color=HUMAN, width=1.5), name="Example run"),
        ]
    else:
        traces = [line(x, summary["median"].to_numpy(), line=dict(color=colour, width=4),
                       name="This run")]
    for i, (name, values) in enumerate((theory or {}).items()):
        traces.append(line(np.arange(values.size), values, name=name,
                           line=dict(color=THEORY, width=3, dash="dash" if i else "dot")))
    shapes, notes = [], []
    if threshold is not None:
        shapes.append(hline(threshold, ALARM, dash="dot"))
    if alarm_at is not None:
        shapes.append(dict(type="line", yref="paper", y0=0, y1=1, x0=alarm_at, x1=alarm_at,
                           line=dict(color=ALARM, width=2)))
        notes.append(dict(x=alarm_at, y=1, yref="paper", text=f"⚠ gen {alarm_at}",
                          showarrow=False, xanchor="left", yanchor="top",
                          font=dict(color=ALARM, size=15)))
    axis = merged(dict(tickformat=".0%") if percent else {}, y_axis or {})
    return dict(data=traces, layout=layout(
        height=360, x_title="generation", y_title=y_title, margin=dict(t=70),
        shapes=shapes, annotations=notes, yaxis=axis,
    ))


def reference_chart(metrics: pd.DataFrame, metric: str, y_title: str, value: float,
                    label: str, *, curve_above: bool, **kwargs) -> dict:
    """metric_chart with a dashed grey line across it at a reference value (the human data's),
    labelled on the left on the side away from the curve's start (`curve_above`: the curve
    starts above the line). The axis starts at 0, so small wiggles do not look like big
    changes."""
    spec = metric_chart(metrics, metric, y_title, **kwargs)
    note = dict(x=0, xref="paper", y=value, yref="y", text=label, showarrow=False,
                xanchor="left", yanchor="top" if curve_above else "bottom")
    return dict(spec, layout=merged(spec["layout"], dict(
        shapes=[*spec["layout"]["shapes"], hline(value, HUMAN, dash="dash")],
        annotations=[*spec["layout"]["annotations"], note],
        yaxis=dict(rangemode="tozero"),
    )))
