"""The body of a 1-D experiment page: tiles, the player, the history, metric curves, download."""

from __future__ import annotations

from functools import cache, partial

import numpy as np
import streamlit as st

from collapse_core import Result
from collapse_core.families.continuous.metrics import RARE_MODE_GONE, continuous_metrics
from collapse_core.families.continuous.sources import (
    RARE_GROUP_SOURCES,
    ContinuousSource,
    continuous_source,
)
from collapse_core.monitor import Alarm, watch
from ui import figures
from ui.captions import (
    drawn_run_sentence,
    monitor_sentence,
    share,
    shown,
    spread_sentence,
    taken_over_sentence,
    typical,
)
from ui.derived import derived
from ui.generation_picker import GenerationPicker
from ui.i18n import N_, _, ngettext
from ui.page_parts import download, example_metrics, plot
from ui.player import show_player
from ui.present import presenting
from ui.schedule_view import learns_from_humans, metric_view, show_schedule
from ui.tiles import TileRow
from ui.view_picker import show_views

# A peak a reader sees rises above the dips beside it by this share of the curve's height.
PROMINENCE = 0.03
# A share of unusual values within this factor of the human data's (either way) keeps the tails.
TAILS_KEPT = 0.8
HUMAN_LINE = N_("human data")  # the label of the human data's line across a metric chart
# Plain words first, the term second.
VIEW_LABELS = {"Distance": N_("Distance from human data")}
# The one sentence at the top of the page for each view that is not the player (whose sentence
# is the page's own: press Play).
VIEW_LEADS = {
    "All generations": N_("Every generation at once, one row each, generation 0 at the "
                          "bottom."),
    "Spread": N_("How widely the model's values spread, generation by generation."),
    "Rare group": N_("How big a share the rare group keeps, generation by generation."),
    "Distance": N_("How far the model has moved from the human data, generation by "
                   "generation."),
    "Unusual values": N_("How often the model produces unusual values, generation by "
                         "generation."),
    "Centre": N_("Where the model's values are centred, generation by generation."),
}
PICKER = GenerationPicker(N_("Generation shown"), N_(
    "Drag to any generation: the simulation is not run again."))


def middle_range(example: dict, generation: int, mass: float = 0.95) -> tuple[float, float]:
    """The interval holding the middle `mass` of a generation's values (from its density)."""
    edges, density = example["edges"], example["density"][generation]
    cdf = np.concatenate([[0.0], np.cumsum(density * np.diff(edges))])
    cdf = cdf / cdf[-1] if cdf[-1] > 0 else cdf
    tail = (1 - mass) / 2
    return float(np.interp(tail, cdf, edges)), float(np.interp(1 - tail, cdf, edges))


def tails_verdict(tail: float, human: float) -> str:
    """What the model's share of unusual values at the last generation (against the human
    data's) says: tails lost, tails kept, or values spread wider than the human data's."""
    if tail < TAILS_KEPT * human:
        return _("Losing the tails is the first sign of collapse.")
    if tail > human / TAILS_KEPT:
        return _("That is more than in the human data: the model's values have spread out "
                 "wider than the real ones, a different way of forgetting their shape.")
    return _("The model keeps the tails about as often as the human data.")


def tiles(result: Result, source_values: dict) -> None:
    """Four headline numbers of the run shown at the last generation, with their change
    since generation 0."""
    last = result.settings.generations
    row = TileRow()
    spread0, spread = shown(result, "std")
    row.change(_("Spread at gen {g}").format(g=last), f"{spread:.2f}",
               f"{spread / spread0 - 1:+.0%}",
               help=_("How widely the model's values vary (their standard deviation)."))
    dist0, dist = shown(result, "wasserstein")
    row.change(_("Distance from human data"), f"{dist:.2f}", f"{dist - dist0:+.2f}",
               better="down", help=_("How far the model has drifted from the real data: 0 "
                                     "means the same as the human data (Wasserstein distance, "
                                     "in the values' own units)."))
    row.tile(_("Unusual values"), share(shown(result, "tail_mass")[1], short=True),
             _("human data: {share}").format(share=share(source_values["tail_mass"])),
             help=_("How often the model produces values as rare as the 5% most extreme human "
                    "ones."))
    modes0, modes = peaks_at(result, 0), peaks_at(result, last)
    row.change(_("Peaks"), f"{modes:.0f}", f"{modes - modes0:+.0f}",
               help=_("How many separate peaks the model's curve has, as drawn (bumps "
                      "smaller than 3% of its height are not counted)."))


def visible_peaks(curve: np.ndarray) -> int:
    """How many peaks a reader sees in a drawn curve: those that stand out from the dips
    beside them by at least PROMINENCE of the curve's height. (The `modes` metric counts every
    local maximum, however shallow: a curve blurred almost flat can still have two.)

    scipy.signal.find_peaks(prominence=...) counts the same (tests/test_figures.py holds them
    equal), but importing scipy.signal takes about 0.9 s, which a new server's first Bell or
    Smoothing page would wait for before its chart."""
    curve = np.asarray(curve, dtype=float)
    if not np.isfinite(curve).all() or curve.max() <= 0:
        return 0
    y = np.concatenate([[0.0], curve, [0.0]])
    return sum(int(prominence(y, peak) >= PROMINENCE * curve.max()) for peak in local_maxima(y))


@derived
def peaks_at(result: Result, g: int) -> int:
    """How many peaks a reader sees in the curve of generation g."""
    return visible_peaks(result.example["density"][g])


def local_maxima(y: np.ndarray) -> np.ndarray:
    """The local maxima of `y` (a flat top counted once, at its middle), as scipy.signal's."""
    starts = np.flatnonzero(np.concatenate([[True], np.diff(y) != 0]))  # runs of equal values
    ends = np.append(starts[1:], len(y)) - 1
    level = y[starts]
    top = np.flatnonzero((level[1:-1] > level[:-2]) & (level[1:-1] > level[2:])) + 1
    return (starts[top] + ends[top]) // 2


def prominence(y: np.ndarray, peak: int) -> float:
    """How far `y[peak]` stands above the higher of the lowest points between it and the
    nearest higher point on each side (or the end), as scipy.signal.peak_prominences."""
    higher = np.flatnonzero(y > y[peak])
    left, right = higher[higher < peak], higher[higher > peak]
    start = left[-1] if left.size else 0
    stop = right[0] if right.size else len(y) - 1
    return float(y[peak] - max(y[start:peak + 1].min(), y[peak:stop + 1].min()))


@derived
def generation_sentence(result: Result, g: int) -> str:
    """What the curve of generation g shows, against generation 0."""
    example, rows = result.example, example_metrics(result)
    lo0, hi0 = middle_range(example, 0)
    lo, hi = middle_range(example, g)
    spread = rows.loc[g, "std"] / rows.loc[0, "std"] if rows.loc[0, "std"] > 0 else 1.0
    peaks = peaks_at(result, g)
    if g == 0:
        return _("**Generation 0** learned straight from the human data (grey): the middle 95% "
                 "of its values span {lo} to {hi}.").format(lo=f"{lo:.1f}", hi=f"{hi:.1f}")
    return ngettext(
        "**Generation {g}**: the middle 95% of values span {lo} to {hi} (generation 0: {lo0} "
        "to {hi0}); the spread is {spread} of generation 0's, and the curve has {peaks} peak.",
        "**Generation {g}**: the middle 95% of values span {lo} to {hi} (generation 0: {lo0} "
        "to {hi0}); the spread is {spread} of generation 0's, and the curve has {peaks} peaks.",
        peaks).format(g=g, lo=f"{lo:.1f}", hi=f"{hi:.1f}", lo0=f"{lo0:.1f}", hi0=f"{hi0:.1f}",
                      spread=share(spread), peaks=peaks)


def player(result: Result, typical_by: str, headroom: float) -> None:
    """The player: each generation's curve (of the typical run) over the grey human data and
    generation 0."""
    last = result.settings.generations

    def draw(g: int) -> None:
        plot(figures.density_at, result.example, g, headroom=headroom,
             present_height=figures.DENSITY_HEIGHT,
             alt=_("The model's curve at generation {g} over the grey human data.").format(g=g),
             caption=generation_sentence(result, g))

    show_player(PICKER, last, draw)
    if note := drawn_run_sentence(result, typical_by):
        st.caption(note)


@cache
def human_values(source: str) -> dict:
    """The metrics of a source's own distribution, which the model's are set against."""
    found = continuous_source(source)
    return continuous_metrics(found.distribution, found)


def show_continuous_result(
    result: Result,
    source: ContinuousSource,
    spread_alarm: Alarm,
    theory: dict[str, np.ndarray] | None = None,
    theory_note: str = "",
    typical_by: str = "std",
    details=None,
    headroom: float = figures.HEADROOM,
) -> None:
    """Everything a 1-D experiment page shows of a result: the chosen view where the page is,
    the tiles and the download in `details` (a container further down; in present mode, only
    the views); `typical_by` is the metric that picked the run drawn; the player's axis
    reaches at least `headroom` times the human data's peak (figures.density_at)."""
    m, settings, example = result.metrics, result.settings, result.example
    last = settings.generations
    PICKER.picked(last)
    source_values = human_values(source.name)

    def history() -> None:
        plot(figures.history_heatmap, example,
             alt=_("Heatmap with one row per generation from 0 (bottom) to {last} (top); "
                   "bright cells mark common values.").format(last=last),
             caption=_("Each row is one generation, from 0 at the bottom to {last} at the top; "
                       "brighter means more common. A bright band that fades out is a group "
                       "being forgotten; rows that get narrower towards the top mean the model "
                       "is losing its spread, and rows that smear out mean it is blurring."
                       ).format(last=last))

    def spread() -> None:
        spread0 = typical(m, "std")[0]
        reading = watch(m, spread_alarm, spread0, shown_run=result.example_run)
        metric_view(result, "std", _("spread"), spread_alarm, spread0,
                    threshold=reading.threshold, alarm_at=reading.typical_generation,
                    # From 0 (the rare group's: 0 to 100%): one axis for every remedy, so a
                    # class shown them one after another sees them differ.
                    theory=theory, y_axis=dict(rangemode="tozero"),
                    alt=_("Line chart of the spread over generations with the warning line."),
                    caption=_("**Spread.** {sentence} {monitor} {theory}").format(
                        sentence=spread_sentence(m, last), monitor=monitor_sentence(reading),
                        theory=theory_note))

    def distance() -> None:
        dist0, dist = typical(m, "wasserstein")
        plot(figures.metric_chart, m, "wasserstein", _("distance (0 = same as human data)"),
             example_run=result.example_run, y_axis=dict(rangemode="tozero"),  # as its title
             alt=_("Line chart of the distance between the model and the human data."),
             caption=_("**Distance from the human data** (0 would be exactly the human data). "
                       "It was {d0} at generation 0 (a model never matches its data exactly) "
                       "and is {d} at generation {g}.").format(d0=f"{dist0:.2f}",
                                                               d=f"{dist:.2f}", g=last))

    def unusual() -> None:
        tail0, tail = typical(m, "tail_mass")
        human = source_values["tail_mass"]
        plot(figures.reference_chart, m, "tail_mass", _("unusual values"), human, _(HUMAN_LINE),
             percent=True,
             example_run=result.example_run,
             alt=_("Line chart of how often the model produces unusual values, with the human "
                   "data's share as a dashed line."),
             caption=_("**Unusual values.** In the human data {human} of values are this "
                       "extreme; the model produced {tail0} at generation 0 and {tail} at "
                       "generation {g}.").format(
                 human=share(human), tail0=share(tail0), tail=share(tail), g=last)
             + " " + tails_verdict(tail, human))

    def rare_group() -> None:
        rare_share = source.distribution.weights[source.rarest_component]
        reading = watch(m, RARE_MODE_GONE, source_values["rare_mode_mass"],
                        shown_run=result.example_run)
        rare0, rare = typical(m, "rare_mode_mass")
        metric_view(result, "rare_mode_mass", _("rare group"), RARE_MODE_GONE,
                    source_values["rare_mode_mass"], percent=True,
                    threshold=reading.threshold, alarm_at=reading.typical_generation,
                    # Its value in the legend: written on the chart, a fast fall crossed it.
                    threshold_label=_("Warning line ({line}): all but vanished below it").format(
                        line=f"{reading.threshold:.1%}"),
                    # Its legend takes two lines on a projector: the plot keeps its height.
                    y_axis=figures.SHARE_AXIS, present_height=figures.PRESENT_HEIGHT + 30,
                    alt=_("Line chart of how much of the model is left in the rarest group."),
                    caption=_("**The rare group.** It holds {share} of the human data (the "
                              "dotted warning line marks a tenth of that, {line}); the model "
                              "gave it {rare0} at generation 0 and {rare} at generation {g}. "
                              "{monitor} {taken_over}").format(
                        share=share(rare_share), line=f"{reading.threshold:.1%}",
                        rare0=share(rare0), rare=share(rare), g=last,
                        monitor=monitor_sentence(reading), taken_over=taken_over_sentence(m)))

    def centre() -> None:
        human, mean = source_values["mean"], typical(m, "mean")[1]
        held = (_("with nothing to hold it, the model's centre wanders")
                if not learns_from_humans(settings) else
                _("human data keeps pulling the model's centre back"))
        plot(figures.reference_chart, m, "mean", _("centre"), human, _(HUMAN_LINE),
             example_run=result.example_run,
             alt=_("Line chart of the centre of the model's values over generations, with the "
                   "human data's centre as a dashed line."),
             caption=_("**Centre.** The human data is centred at {human}; {held}: it is {mean} "
                       "at generation {g}.").format(human=f"{human:.2f}", held=held,
                                                    mean=f"{mean:.2f}", g=last))

    has_rare_group = source.name in RARE_GROUP_SOURCES
    show_views({
        N_("Watch it forget"): partial(player, result, typical_by, headroom),
        N_("All generations"): history,
        N_("Spread"): spread,
        **({N_("Rare group"): rare_group} if has_rare_group else {}),
    }, more={
        N_("Distance"): distance,
        N_("Unusual values"): unusual,
        **({} if has_rare_group else {N_("Centre"): centre}),
    }, labels=VIEW_LABELS, leads=VIEW_LEADS)
    if not presenting():
        with details or st.container():
            tiles(result, source_values)
            show_schedule(settings)
            download(result)
