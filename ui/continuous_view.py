"""The body of a 1-D experiment page: tiles, the player, the history, metric curves, download."""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from collapse_core import Result
from collapse_core.continuous_metrics import continuous_metrics
from collapse_core.monitor import RARE_MODE_GONE, Alarm, watch
from collapse_core.sources import ContinuousSource
from ui import figures
from ui.captions import monitor_sentence, share, spread_sentence, typical
from ui.charts import show
from ui.tiles import TileRow
from ui.views import show_views

HUMAN_LINE = "human data"  # the label of the human data's line across a metric chart


def middle_range(example: dict, generation: int, mass: float = 0.95) -> tuple[float, float]:
    """The interval holding the middle `mass` of a generation's values (from its density)."""
    edges, density = example["edges"], example["density"][generation]
    cdf = np.concatenate([[0.0], np.cumsum(density * np.diff(edges))])
    cdf = cdf / cdf[-1] if cdf[-1] > 0 else cdf
    tail = (1 - mass) / 2
    return float(np.interp(tail, cdf, edges)), float(np.interp(1 - tail, cdf, edges))


def tiles(result: Result, source_values: dict) -> None:
    """Four headline numbers with their change since generation 0."""
    m, last = result.metrics, result.settings.generations
    row = TileRow()
    spread0, spread = typical(m, "std")
    row.tile("Spread", f"{spread:.2f}", f"{spread / spread0 - 1:+.0%} since gen 0",
             delta_color="off",
             help="How widely the model's values vary (standard deviation).")
    dist0, dist = typical(m, "wasserstein")
    row.tile("Distance from human data", f"{dist:.2f}", f"{dist - dist0:+.2f}",
             delta_color="inverse",
             help="How far the model has drifted from the real data (Wasserstein-1).")
    tail0, tail = typical(m, "tail_mass")
    human_tail = share(source_values["tail_mass"])
    row.tile("Unusual values", share(tail), f"human data: {human_tail}",
             delta_color="off",
             help="How often the model produces values as rare as the 5% most extreme "
             "human ones.")
    modes0, modes = typical(m, "modes")
    row.tile(f"Peaks at gen {last}", f"{modes:.0f}", f"{modes - modes0:+.0f} since gen 0",
             delta_color="off", help="How many separate peaks the model's curve has.")


def plot(figure, *args, alt: str, caption: str, **kwargs) -> None:
    """A chart (a figure, or a builder and its arguments: cached) with its alt text, then the
    plain sentence that says what it shows."""
    show(figure, *args, alt=alt, **kwargs)
    st.markdown(caption)


def show_continuous_result(
    result: Result,
    source: ContinuousSource,
    spread_alarm: Alarm,
    theory: dict[str, np.ndarray] | None = None,
    theory_note: str = "",
) -> None:
    """Everything a 1-D experiment page shows below its title and controls."""
    m, settings, example = result.metrics, result.settings, result.example
    last = settings.generations
    source_values = continuous_metrics(source.distribution, source)
    tiles(result, source_values)

    def player() -> None:
        peaks0, peaks = typical(m, "modes")
        lo0, hi0 = middle_range(example, 0)
        lo, hi = middle_range(example, last)
        plot(figures.density_player, example,
             alt=f"Animated curves of the model at each of {last + 1} generations over the "
             "grey human data; press Play to watch the curve change.",
             caption=f"The grey area is the human data; the dashed line is generation 0, the "
             f"model trained on it. Press **▶ Play** or drag the slider to step through the "
             f"generations. {spread_sentence(m, last)} The middle 95% of values spanned "
             f"{lo0:.1f} to {hi0:.1f} at generation 0 and {lo:.1f} to {hi:.1f} at generation "
             f"{last}; the curve had {peaks0:.0f} peak{'s' if peaks0 != 1 else ''} then and "
             f"{peaks:.0f} now. (The example run is shown.)")

    def history() -> None:
        plot(figures.history_heatmap, example,
             alt=f"Heatmap with one row per generation from 0 (bottom) to {last} (top); bright "
             "cells mark common values.",
             caption=f"Each row is one generation, from 0 at the bottom to {last} at the top; "
             "brighter means more common. A bright band that fades out is a group being "
             "forgotten; rows that get narrower towards the top mean the model is losing its "
             "spread, and rows that smear out mean it is blurring.")

    def spread() -> None:
        reading = watch(m, spread_alarm, typical(m, "std")[0])
        plot(figures.metric_chart, m, "std", "spread", threshold=reading.threshold,
             alarm_at=reading.typical_generation, theory=theory,
             alt="Line chart of the spread over generations with the monitor's warning line.",
             caption=f"**Spread.** {spread_sentence(m, last)} {monitor_sentence(reading)} "
             f"{theory_note}")

    def distance() -> None:
        dist0, dist = typical(m, "wasserstein")
        plot(figures.metric_chart, m, "wasserstein", "distance",
             alt="Line chart of the distance between the model and the human data.",
             caption=f"**Distance from the human data.** It was {dist0:.2f} at generation 0 "
             f"(a model never matches its data exactly) and is {dist:.2f} at generation {last}.")

    def unusual() -> None:
        tail0, tail = typical(m, "tail_mass")
        human = source_values["tail_mass"]
        plot(figures.reference_chart, m, "tail_mass", "unusual values", human, HUMAN_LINE,
             curve_above=tail0 > human, percent=True,
             alt="Line chart of how often the model produces unusual values, with the human "
             "data's share as a dashed line.",
             caption=f"**Unusual values.** In the human data {share(source_values['tail_mass'])} "
             f"of values are this extreme; the model produced {share(tail0)} at generation 0 "
             f"and {share(tail)} at generation {last}. Losing the tails is the first sign of "
             "collapse.")

    def rare_group() -> None:
        rare_share = source.distribution.weights[source.rarest_component]
        reading = watch(m, RARE_MODE_GONE, source_values["rare_mode_mass"])
        rare0, rare = typical(m, "rare_mode_mass")
        plot(figures.metric_chart, m, "rare_mode_mass", "rare group", percent=True,
             threshold=reading.threshold, alarm_at=reading.typical_generation,
             alt="Line chart of how much of the model is left in the rarest group.",
             caption=f"**The rare group.** It holds {share(rare_share)} of the human data; "
             f"the model gave it {share(rare0)} at generation 0 and {share(rare)} at "
             f"generation {last}. {monitor_sentence(reading)}")

    def centre() -> None:
        human, mean0 = source_values["mean"], typical(m, "mean")[0]
        plot(figures.reference_chart, m, "mean", "centre", human, HUMAN_LINE,
             curve_above=mean0 > human,
             alt="Line chart of the centre of the model's values over generations, with the "
             "human data's centre as a dashed line.",
             caption=f"**Centre.** The human data is centred at {source_values['mean']:.2f}; "
             + ("with nothing to hold it, the model's centre wanders"
                if settings.human_count == 0 else "human data keeps pulling the model's "
                "centre back") + f": it is {typical(m, 'mean')[1]:.2f} at generation {last}.")

    has_rare_group = source.distribution.weights.size > 1 and source.name != "heavy-tail"
    show_views({
        "Watch it forget": player,
        "All generations": history,
        "Spread": spread,
        "Distance": distance,
        "Unusual values": unusual,
        **({"Rare group": rare_group} if has_rare_group else {"Centre": centre}),
    })
    download(result)


def download(result: Result) -> None:
    """The metrics as CSV, and the seed that reproduces them."""
    # A callable: the CSV is made only when the reader asks for it, not on every rerun.
    st.download_button("Download the numbers (CSV)", partial(result.metrics.to_csv, index=False),
                       icon=":material/download:",
                       file_name="ai-entropy-lab-metrics.csv", mime="text/csv")
    st.caption(f"Seed {result.settings.seed}. Copy this page's address to share exactly this "
               "experiment: every setting is in the link.")
