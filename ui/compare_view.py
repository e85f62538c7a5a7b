"""The Compare strategies page's parts: what each model family is judged on, charts, verdicts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from collapse_core import Result
from collapse_core.monitor import (
    RARE_WORDS_HALVED,
    SPREAD_DOUBLED,
    SPREAD_HALVED,
    Alarm,
    watch,
)
from collapse_core.strategies import STRATEGIES, rank
from collapse_core.summary import band, by_generation
from ui.figures import layout, line
from ui.palette import with_alpha

# One colour per strategy (Okabe-Ito): pure self-training is the warning colour.
STRATEGY_COLOURS = {"self": "#D55E00", "keep": "#0072B2", "fresh": "#009E73",
                    "accumulate": "#CC79A7", "cold": "#E69F00"}


@dataclass(frozen=True)
class Yardstick:
    """The metric strategies are ranked by, its words, and the monitor's alarm."""

    metric: str
    words: str  # "the distance from the human data"
    higher_is_better: bool
    alarm: Alarm
    percent: bool = False


YARDSTICKS = {
    "gaussian": Yardstick("wasserstein", "the distance from the human data", False,
                          SPREAD_HALVED),
    "mixture": Yardstick("wasserstein", "the distance from the human data", False,
                         SPREAD_HALVED),
    "kde": Yardstick("wasserstein", "the distance from the human data", False, SPREAD_DOUBLED),
    "markov": Yardstick("rare_word_survival", "the share of rare words that survive", True,
                        RARE_WORDS_HALVED, percent=True),
}
# The charts drawn for each family: (metric, axis title, shown as a percentage).
CHARTS = {
    "continuous": [("std", "spread", False), ("wasserstein", "distance from human data", False),
                   ("tail_mass", "unusual values", True)],
    "markov": [("rare_word_survival", "rare words kept", True), ("vocab_size", "vocabulary",
                                                                 False),
               ("perplexity", "surprise at human text", False)],
}


def strategy_chart(bands: dict[str, pd.DataFrame], runs: int, labels: dict[str, str],
                   y_title: str, percent: bool) -> dict:
    """Each strategy's typical run (median) and, with several runs, its 10-90% band."""
    traces = []
    for key, summary in bands.items():
        colour = STRATEGY_COLOURS[key]
        x = summary["generation"].to_numpy()
        if runs > 1:
            traces.append(dict(
                type="scatter", x=np.concatenate([x, x[::-1]]),
                y=np.concatenate([summary["high"], summary["low"][::-1]]),
                fill="toself", fillcolor=with_alpha(colour, 0.15), line=dict(width=0),
                hoverinfo="skip", showlegend=False))
        traces.append(line(x, summary["median"].to_numpy(), name=labels[key],
                           line=dict(color=colour, width=4)))
    return dict(data=traces, layout=layout(
        height=420, x_title="generation", y_title=y_title, margin=dict(t=90),
        yaxis=dict(tickformat=".0%") if percent else {},
    ))


def final_values(result: Result, metric: str) -> np.ndarray:
    """The metric's value at the last generation, one per run."""
    return by_generation(result.metrics, metric)[-1]


def ranking(results: dict[str, Result], yardstick: Yardstick) -> pd.DataFrame:
    """Strategies best first, with the monitor's odds for each."""
    table = rank({k: final_values(r, yardstick.metric) for k, r in results.items()},
                 yardstick.higher_is_better)
    odds = {}
    for key, result in results.items():
        reference = band(result.metrics, yardstick.alarm.metric)["median"].iloc[0]
        reading = watch(result.metrics, yardstick.alarm, reference)
        odds[key] = (reading.runs_crossed, reading.runs)
    table["monitor"] = table["strategy"].map(odds)
    return table


def number(value: float, percent: bool) -> str:
    """A metric value as the reader sees it."""
    return f"{value:.0%}" if percent else f"{value:.3g}"


def verdict(row: pd.Series, baseline: pd.Series, yardstick: Yardstick, labels: dict[str, str],
            generations: int) -> str:
    """One plain sentence per strategy: how it did, against pure self-training, and why."""
    strategy = next(s for s in STRATEGIES if s.key == row["strategy"])
    value, base = row["median"], baseline["median"]
    crossed, runs = row["monitor"]
    better = (value > base) == yardstick.higher_is_better
    if row["strategy"] == "self":
        comparison = "the baseline the others are measured against"
    elif np.isclose(value, base, rtol=0.05):
        comparison = "about the same as pure self-training"
    else:
        comparison = f"{'better' if better else 'worse'} than pure self-training " \
                     f"({number(base, yardstick.percent)})"
    odds = (f"the monitor fired in {crossed} of {runs} runs ({yardstick.alarm.event})"
            if crossed else "the monitor never fired")
    return (f"**{row['rank']}. {labels[row['strategy']]}** — {strategy.advice} "
            f"*({strategy.reference})* After {generations} generations, "
            f"{yardstick.words} is {number(value, yardstick.percent)} in the typical run: "
            f"{comparison}; {odds}.")


def summary_table(table: pd.DataFrame, labels: dict[str, str], yardstick: Yardstick
                  ) -> pd.DataFrame:
    """The ranking as a small table for readers."""
    return pd.DataFrame({
        "Rank": table["rank"].to_numpy(),
        "Strategy": table["strategy"].map(labels).to_numpy(),
        yardstick.words.removeprefix("the ").capitalize(): [
            number(v, yardstick.percent) for v in table["median"]],
        "80% of runs between": [f"{number(lo, yardstick.percent)} – "
                                f"{number(hi, yardstick.percent)}"
                                for lo, hi in zip(table["low"], table["high"], strict=True)],
        "Monitor fired": [f"{c} of {r} runs" for c, r in table["monitor"]],
    })


def chart_sentence(results: dict[str, Result], labels: dict[str, str], metric: str,
                   title: str, percent: bool) -> str:
    """The final typical value of every strategy on one chart, highest first."""
    medians = {k: float(np.median(final_values(r, metric))) for k, r in results.items()}
    generations = next(iter(results.values())).settings.generations
    listed = "; ".join(f"{labels[k]} {number(v, percent)}"
                       for k, v in sorted(medians.items(), key=lambda kv: -kv[1]))
    return f"**{title.capitalize()}** after {generations} generations, typical run: {listed}."
