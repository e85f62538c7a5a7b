"""Figure builders: pure functions from results to plotly figures, the same look everywhere.

A figure is a plain dict in plotly's JSON schema: building plotly.graph_objects validates
every value, which costs more than the simulation behind a chart. The test suite checks every
builder's output against that schema instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collapse_core.summary import band
from ui.i18n import _
from ui.palette import ALARM, HEATMAP, HUMAN, HUMAN_FILL, THEORY, generation_colour, with_alpha

FONT = dict(size=16)
# Present mode: text readable from the back of a classroom, and a chart that leaves room on a
# 1366 x 768 projector for the views, the counter, the controls and the sentence.
PRESENT_FONT = dict(size=22)
PRESENT_HEIGHT = 290
# The player's curve: short enough for a first screen with the title, a sentence and the player;
# in present mode too (where the speed sits beside the steps), with the sentence under it on a
# 1366 x 768 projector.
DENSITY_HEIGHT = 340
# The density axis reaches at least this many times the human data's peak: the human data fills
# most of the height (its small groups stay visible), and a curve may grow a little taller before
# the axis grows with it.
HEADROOM = 1.3
# Once the collapsed curve sets an axis this many times the human data's peak, the human data is
# drawn a second time, magnified by a round factor named in the legend: its groups stay readable
# beside the needle, which keeps its true height.
MAGNIFY_FROM = 8.0
# The magnified outline's peak reaches at most this share of the axis.
MAGNIFIED_SHARE = 0.6
# A share's axis, 0 to 100%, starting a little below 0: a warning line at 1% stands clear of
# the axis at the bottom.
SHARE_AXIS = dict(range=[-0.06, 1.02])

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
        "height": height, "margin": dict(l=10, r=10, t=40, b=10),
        "legend": dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        "hovermode": "x unified",
        "xaxis": dict(title=dict(text=x_title)),
        # Hover labels with three significant digits, not all sixteen.
        "yaxis": dict(title=dict(text=y_title), hoverformat=".3~g"),
    }, extra)


def themed(spec: dict, dark: bool, present_height: int = 0) -> dict:
    """The figure with a transparent background and text colours for the light or dark theme;
    in present mode (a `present_height`), larger text and that height, which fits a
    projector's first screen."""
    ink, grid = ("#e6e6e6", "rgba(255, 255, 255, 0.15)") if dark else ("#262730", "#e6e6e6")
    axis = dict(gridcolor=grid, linecolor=grid, zeroline=False, automargin=True,
                title=dict(standoff=8))
    axes = {name for name in spec.get("layout", {}) if name.startswith(("xaxis", "yaxis"))}
    theme = {
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "font": dict(PRESENT_FONT if present_height else FONT, color=ink),
        "legend": dict(bgcolor="rgba(0,0,0,0)"),
        **{name: axis for name in axes | {"xaxis", "yaxis"}},
    }
    # The builder's own settings win over the theme's (e.g. an axis title's colour).
    layout_ = merged(theme, spec.get("layout", {}))
    # Room at the right for half of a three-digit last tick label ("100"): plotly hides a
    # label that would cross the chart's edge.
    margin = dict(layout_.get("margin", {}))
    margin["r"] = max(margin.get("r", 0), theme["font"]["size"] + 4)
    layout_["margin"] = margin
    if not present_height:
        return dict(spec, layout=layout_)
    # From the back of the room every text is large, a smaller legend's and the numbers
    # written on a chart's cells too.
    legend = merged(layout_["legend"], dict(font=PRESENT_FONT))
    scale = PRESENT_FONT["size"] / FONT["size"]
    data = [merged(trace, dict(textfont=dict(size=round(trace["textfont"]["size"] * scale))))
            if "size" in trace.get("textfont", {}) else trace for trace in spec.get("data", [])]
    return dict(spec, data=data, layout=dict(layout_, height=present_height, legend=legend))


def line(x, y, **style) -> dict:
    """A scatter trace drawn as a line."""
    return dict(type="scatter", mode="lines", x=x, y=y, **style)


def hline(y: float, colour: str, dash: str = "solid", width: float = 2) -> dict:
    """A horizontal line across the plot (a layout shape)."""
    return dict(type="line", xref="paper", x0=0, x1=1, y0=y, y1=y,
                line=dict(color=colour, width=width, dash=dash))


def density_top(example: dict, generation: int, headroom: float = HEADROOM) -> float:
    """The top of a density chart's axis at a generation: `headroom` times the human data's
    peak (the same for every run of a source, remedy or none), or above the tallest curve of
    generations 0 to `generation` where that is taller. Every curve shown is drawn whole; the
    axis grows only as the collapse makes the curve taller, and never shrinks while the
    generations play."""
    human = example["source_density"].max()
    return float(max(headroom * human, example["density"][: generation + 1].max())) * 1.05


def magnification(human_peak: float, top: float) -> int:
    """How many times taller the human data is drawn under an axis reaching `top`: 1 (not
    magnified) while its peak fills an eighth of the axis or more, else the largest of 2, 5, 10,
    20, 50, ... that keeps it under MAGNIFIED_SHARE of the axis."""
    if not human_peak > 0 or top < MAGNIFY_FROM * human_peak:
        return 1
    target = MAGNIFIED_SHARE * top / human_peak
    power = 10 ** int(np.floor(np.log10(target)))
    return max(m * power for m in (1, 2, 5) if m * power <= target)


def human_area(centres, human) -> dict:
    """The human data's curve as a grey area."""
    return line(centres, human, name=_("Human data"), fill="tozeroy", fillcolor=HUMAN_FILL,
                line=dict(color=HUMAN, width=1))


def human_curves(centres, human, top: float) -> list[dict]:
    """The human data as a grey area and, where an axis reaching `top` flattens it, again as a
    dotted outline drawn `magnification` times taller, named with its factor."""
    shown = [human_area(centres, human)]
    if (k := magnification(float(np.max(human)), top)) > 1:
        shown.append(line(centres, human * k, name=_("Human data, drawn {k}× taller").format(k=k),
                          line=dict(color=HUMAN, width=2, dash="dot")))
    return shown


def density_at(example: dict, generation: int, height: int = DENSITY_HEIGHT,
               headroom: float = HEADROOM) -> dict:
    """One generation's curve over the human data and generation 0, on the axis of
    `density_top`: the same for every run until its curve outgrows the headroom (so a remedy
    and no remedy compare like with like), and the human data readable at generation 0."""
    edges, density = example["edges"], example["density"]
    centres = 0.5 * (edges[:-1] + edges[1:])
    last = density.shape[0] - 1
    top = density_top(example, generation, headroom)
    shown = [
        *human_curves(centres, example["source_density"], top),
        line(centres, density[0], name=_("Generation 0"),
             line=dict(color=generation_colour(0, last), width=2, dash="dash")),
    ]
    if generation > 0:
        shown.append(line(centres, density[generation].astype(np.float32),
                          name=_("Generation {g}").format(g=generation),
                          line=dict(color=generation_colour(generation, last), width=4)))
    return dict(data=shown, layout=layout(
        height=height, x_title=_("value"), y_title=_("how common"), hovermode=False,
        xaxis=dict(range=[edges[0], edges[-1]], fixedrange=True),
        yaxis=dict(range=[0, top], fixedrange=True, showticklabels=False),
    ))


def history_heatmap(example: dict) -> dict:
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
            showscale=False,
            hovertemplate=_("generation %{y}<br>value %{x:.2f}") + "<extra></extra>",
        )],
        layout=layout(height=440, x_title=_("value"), y_title=_("generation"),
                      hovermode="closest"),
    )


def metric_chart(
    metrics: pd.DataFrame,
    metric: str,
    y_title: str,
    *,
    threshold: float | None = None,
    threshold_label: str | None = None,
    alarm_at: int | None = None,
    theory: dict[str, np.ndarray] | None = None,
    percent: bool = False,
    y_axis: dict | None = None,
    shown_at: int | None = None,
    example_run: int | None = 0,
    legend: bool = True,
    height: int = 360,
) -> dict:
    """A metric over generations: one run as a line, or many as a median, a 10-90% band and
    the run whose snapshots the page draws (`example_run`; None on a page that draws none);
    `shown_at` marks the generation a player shows. A `threshold` is a dotted warning line,
    named in the legend by its `threshold_label` if it has one. Without a `legend`, the plot
    takes the whole height (a small chart beside a player)."""
    summary = band(metrics, metric)
    runs = metrics["run"].nunique()
    last = int(summary["generation"].iloc[-1])
    colour = generation_colour(last // 2, last)
    x = summary["generation"].to_numpy()
    if runs > 1:
        traces = [
            line(x, summary["high"].to_numpy(), line=dict(width=0), showlegend=False,
                 hoverinfo="skip"),
            line(x, summary["low"].to_numpy(), line=dict(width=0), fill="tonexty",
                 fillcolor=with_alpha(colour, 0.25),
                 name=_("80% of {runs} runs").format(runs=runs)),
            line(x, summary["median"].to_numpy(), line=dict(color=colour, width=4),
                 name=_("Typical run (median)")),
        ]
        if example_run is not None:
            example = metrics.loc[metrics["run"] == example_run, metric].to_numpy(float)
            traces.append(line(x, example, line=dict(color=HUMAN, width=1.5),
                               name=_("Run shown on this page")))
    else:
        traces = [line(x, summary["median"].to_numpy(), line=dict(color=colour, width=4),
                       name=_("This run"))]
    for i, (name, values) in enumerate((theory or {}).items()):
        traces.append(line(np.arange(values.size), values, name=name,
                           line=dict(color=THEORY, width=3, dash="dash" if i else "dot")))
    shapes, notes = [], []
    if threshold is not None and threshold_label:
        # First: drawn under the curves, and named last in a legend that lists bands reversed.
        traces.insert(0, line([x[0], x[-1]], [threshold, threshold], name=threshold_label,
                              line=dict(color=ALARM, width=2, dash="dot"), hoverinfo="skip"))
    elif threshold is not None:
        shapes.append(hline(threshold, ALARM, dash="dot"))
    if alarm_at is not None:
        shapes.append(dict(type="line", yref="paper", y0=0, y1=1, x0=alarm_at, x1=alarm_at,
                           line=dict(color=ALARM, width=2)))
        notes.append(dict(x=alarm_at, y=1, yref="paper",
                          # Many runs: the median crossed there, not the run shown.
                          text=(_("⚠ median: gen {g}") if runs > 1 else _("⚠ gen {g}")).format(
                              g=alarm_at), showarrow=False,
                          xanchor="left", yanchor="top", font=dict(color=ALARM)))
    if shown_at is not None:
        shapes.append(dict(type="line", yref="paper", y0=0, y1=1, x0=shown_at, x1=shown_at,
                           line=dict(color=HUMAN, width=3, dash="dash")))
    axis = merged(dict(tickformat=".0%", hoverformat=".1%") if percent else {}, y_axis or {})
    return dict(data=traces, layout=layout(
        height=height, x_title=_("generation"), y_title=y_title,
        margin=dict(t=70) if legend else dict(t=10), showlegend=legend,
        shapes=shapes, annotations=notes, yaxis=axis,
    ))


# A reference line's label spans about this share of a phone's chart.
LABEL_SPAN = 0.25


def reference_chart(metrics: pd.DataFrame, metric: str, y_title: str, value: float,
                    label: str, **kwargs) -> dict:
    """metric_chart with a dashed grey line across it at a reference value (the human data's),
    labelled at the end (the first or last generations) where the typical curve stays farther
    from it, on the side away from the curve: a curve that starts on the line never runs
    through its label. The axis starts at 0, so small wiggles do not look like big changes."""
    spec = metric_chart(metrics, metric, y_title, **kwargs)
    typical = band(metrics, metric)["median"].to_numpy()
    typical = typical[np.isfinite(typical)] - value
    # Where the label stands: the first or last LABEL_SPAN of the generations (on a phone the
    # label is about that wide), whichever the curve keeps farther from the line.
    span = max(1, int(np.ceil(LABEL_SPAN * typical.size)))
    start, end = (typical[:span], typical[-span:]) if typical.size else ([0.0], [0.0])
    at_end = np.min(np.abs(end)) > np.min(np.abs(start))
    curve = np.mean(end if at_end else start)
    note = dict(x=1 if at_end else 0, xref="paper", y=value, yref="y", text=label,
                showarrow=False, xanchor="right" if at_end else "left",
                yanchor="top" if curve > 0 else "bottom")
    return dict(spec, layout=merged(spec["layout"], dict(
        shapes=[*spec["layout"]["shapes"], hline(value, HUMAN, dash="dash")],
        annotations=[*spec["layout"]["annotations"], note],
        yaxis=dict(rangemode="tozero"),
    )))


def _mark_below(mark: dict) -> dict:
    """A shape or a note of a chart, moved to the lower axes of `stacked` (its position named
    against the axes or the whole plot, as before)."""
    xref, yref = mark.get("xref", "x"), mark.get("yref", "y")
    return dict(mark, xref="x2" if xref == "x" else xref,
                yref={"y": "y2", "paper": "y2 domain"}.get(yref, yref))


def stacked(upper: dict, lower: dict, lower_share: float = 0.3) -> dict:
    """Two charts over one generations axis: `upper` above and `lower` in a short panel below
    it (its traces kept out of the legend), the axis title at the bottom."""
    top, bottom = upper["layout"], lower["layout"]
    gap = 0.07
    layout_ = merged(top, dict(
        height=top["height"] + round(top["height"] * lower_share),
        xaxis=dict(matches="x2", showticklabels=False, title=dict(text="")),
        yaxis=dict(domain=[lower_share + gap, 1]),
        xaxis2=dict(anchor="y2", title=bottom["xaxis"]["title"]),
        yaxis2=dict(bottom["yaxis"], domain=[0, lower_share], anchor="x2"),
        shapes=[*top.get("shapes", []), *map(_mark_below, bottom.get("shapes", []))],
        annotations=[*top.get("annotations", []),
                     *map(_mark_below, bottom.get("annotations", []))],
    ))
    below = [dict(trace, xaxis="x2", yaxis="y2", showlegend=False) for trace in lower["data"]]
    return dict(data=[*upper["data"], *below], layout=layout_)
