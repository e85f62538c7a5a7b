"""Remedies against collapse as ways of running the recursion, and how to rank them."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from collapse_core.monitor import watch
from collapse_core.recursion import Result
from collapse_core.settings import Settings
from collapse_core.summary import band, by_generation

DEFAULT_RECALL = 0.9  # the ideal filter's recall when a caller names none


@dataclass(frozen=True)
class Strategy:
    """A way of running the recursion (the literature's remedies against collapse): its
    settings and, for a family's own remedies, options of the experiment it overrides."""

    key: str
    options: tuple[tuple[str, object], ...] = ()  # (option, value) set over the page's options
    uses_fraction: bool = False  # runs with the human data share it is given
    scheme: str = "replace"
    human_data: str = "original"
    temperature: float = 1.0
    filter: str = "none"  # a filter against AI content (Settings.filter)
    uses_recall: bool = False  # the ideal filter, at the recall it is given

    def settings(self, base: Settings, fraction: float, recall: float = DEFAULT_RECALL
                 ) -> Settings:
        """The base settings (size, generations, runs, seed; the end of the human share, for
        strategies that use a share) run this strategy's way."""
        return replace(base, human_fraction=fraction if self.uses_fraction else 0.0,
                       human_fraction_end=base.human_fraction_end if self.uses_fraction else None,
                       human_data=self.human_data, scheme=self.scheme,
                       temperature=self.temperature, filter=self.filter,
                       filter_recall=recall if self.uses_recall else 0.0,
                       filter_false_positive=0.0)


# Pure self-training, keeping some original data (Shumailov et al., 2024), fresh human data
# (Alemohammad et al., 2024), accumulating (Gerstgrasser et al., 2024), a lower temperature
# (Shumailov et al., 2024; Dohmatob et al., 2024).
STRATEGIES = (
    Strategy("self"),
    Strategy("keep", uses_fraction=True),
    Strategy("fresh", uses_fraction=True, human_data="fresh"),
    Strategy("accumulate", scheme="accumulate"),
    Strategy("cold", temperature=0.8),
)
# Filtering AI content out of a web of fresh human and AI-made content before training
# (Feng et al., 2024; Yi et al., 2026): an ideal detector at a recall the caller sets, and a
# learned one. Kept apart from STRATEGIES: a page adds them where it can afford the learned
# detector's cost (benchmarks/bench_filter.py).
FILTER_STRATEGIES = (
    Strategy("filter", uses_fraction=True, human_data="fresh", filter="ideal",
             uses_recall=True),
    Strategy("filter-learned", uses_fraction=True, human_data="fresh", filter="learned"),
)


def with_options(base: dict, strategy: Strategy) -> dict:
    """The experiment's options run this strategy's way."""
    return {**base, **dict(strategy.options)}


def rank(finals: dict[str, np.ndarray], higher_is_better: bool) -> pd.DataFrame:
    """Strategies ordered best first by the median of a metric's final values over runs."""
    rows = []
    for key, values in finals.items():
        low, median, high = np.quantile(np.asarray(values, dtype=float), [0.1, 0.5, 0.9])
        rows.append({"strategy": key, "median": median, "low": low, "high": high})
    table = pd.DataFrame(rows).sort_values("median", ascending=not higher_is_better)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table.reset_index(drop=True)


def final_values(result: Result, metric: str) -> np.ndarray:
    """The metric's value at the last generation, one per run."""
    return by_generation(result.metrics, metric)[-1]


def ranking(results: dict[str, Result], yardstick) -> pd.DataFrame:
    """Strategies best first, with the warning line's odds for each: (runs past it at the last
    generation, runs that crossed it only for a while, runs) (`yardstick`: the metric ranked
    by, whether higher is better, and the alarm)."""
    table = rank({k: final_values(r, yardstick.metric) for k, r in results.items()},
                 yardstick.higher_is_better)
    odds = {}
    for key, result in results.items():
        reference = band(result.metrics, yardstick.reference or yardstick.alarm.metric
                         )["median"].iloc[0]
        reading = watch(result.metrics, yardstick.alarm, reference)
        odds[key] = (reading.runs_at_end, reading.runs_dipped, reading.runs)
    table["monitor"] = table["strategy"].map(odds)
    return table
