"""Remedies against collapse as ways of running the recursion, and how to rank them."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from collapse_core.monitor import watch_table
from collapse_core.recursion import Result
from collapse_core.settings import Settings
from collapse_core.summary import by_generation, quantiles

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


# The large-sample standard error of a median is sqrt(pi / 2) ~ 1.25 times that of a mean for
# roughly normal values: sqrt(pi / 2) * sd / sqrt(runs). The spread is read from the middle
# half of the runs (a normal's interquartile range is 1.349 sd), as the median itself is: a run
# or two that blow up (a smoothing model's spread can) would otherwise swamp it.
MEDIAN_SE_FACTOR = float(np.sqrt(np.pi / 2))
IQR_PER_SD = 1.349
# Two medians are "about the same" when they differ by less than about two combined standard
# errors, sqrt(se_a^2 + se_b^2): the difference of two independent estimates has that standard
# error, and it lands within 1.96 of them of zero 95% of the time when the strategies are truly
# alike, so a larger gap is rarely luck alone. With few runs the standard errors are themselves
# rough, so the 1.96 becomes Student's t quantile for runs - 1 degrees of freedom (2.26 for 10
# runs): tie-breaks by luck stay near 1 in 20 whatever the runs. (Strategies share their runs'
# seeds, hence their first samples: their difference is less noisy than independent ones, so
# this errs towards "about the same".)
CONFIDENCE = 0.95


def median_se(values: np.ndarray) -> float:
    """The standard error of the median of a strategy's final values over runs (NaN for one
    run: no spread to estimate it from)."""
    values = np.asarray(values, dtype=float)
    if values.size < 2:
        return float("nan")
    low, high = np.quantile(values, [0.25, 0.75])
    return MEDIAN_SE_FACTOR * float(high - low) / IQR_PER_SD / np.sqrt(values.size)


def noise_multiple(runs: int) -> float:
    """How many combined standard errors two medians over `runs` runs may differ by and still
    be about the same (NaN for one run)."""
    return float(stdtrit(runs - 1, 0.5 + CONFIDENCE / 2)) if runs > 1 else float("nan")


def about_the_same(median_a: float, se_a: float, median_b: float, se_b: float, runs: int
                   ) -> bool:
    """Whether two strategies' medians over `runs` runs differ by no more than run-to-run luck
    explains (False without a noise estimate: then no claim either way is backed, and callers
    say so)."""
    allowed = noise_multiple(runs) * np.hypot(se_a, se_b)
    return bool(np.isfinite(allowed) and abs(median_a - median_b) <= allowed)


def rank(finals: dict[str, np.ndarray], higher_is_better: bool) -> pd.DataFrame:
    """Strategies ordered best first by the median of a metric's final values over runs, with
    the median's standard error over `runs` (the fewest any strategy has) and a rank shared by
    each group that luck cannot put in order: the order is cut into groups only where every
    strategy above the cut did clearly better than every one below it, and each group takes
    the place of its first (1, 1, 3, as in sport). With one run there is no noise estimate:
    every strategy has its own place, and `noise_known` says so."""
    rows, runs = [], min(np.size(values) for values in finals.values())
    for key, values in finals.items():
        values = np.asarray(values, dtype=float)
        low, median, high = np.quantile(values, [0.1, 0.5, 0.9])
        rows.append({"strategy": key, "median": median, "low": low, "high": high,
                     "se": median_se(values), "runs": runs})
    table = pd.DataFrame(rows).sort_values("median", ascending=not higher_is_better
                                           ).reset_index(drop=True)
    pairs = list(zip(table["median"].to_numpy(), table["se"].to_numpy(), strict=True))
    alike = np.array([[about_the_same(*a, *b, runs) for b in pairs] for a in pairs])
    ranks = [1]
    for place in range(1, len(table)):
        apart = runs == 1 or not alike[:place, place:].any()
        ranks.append(place + 1 if apart else ranks[-1])
    table.insert(0, "rank", ranks)
    return table


def all_about_the_same(table: pd.DataFrame) -> bool:
    """Whether luck explains every difference between a ranking's strategies."""
    return all(about_the_same(a.median, a.se, b.median, b.se, a.runs)
               for a in table.itertuples() for b in table.itertuples())


def noise_known(table: pd.DataFrame) -> bool:
    """Whether a ranking had the runs to tell luck from a real difference (more than one)."""
    return bool(np.isfinite(table["se"]).all())


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
        # numpy tables, not band() and watch(): a first answer ranks every strategy afresh.
        start = by_generation(result.metrics, yardstick.reference or yardstick.alarm.metric)[:1]
        reading = watch_table(by_generation(result.metrics, yardstick.alarm.metric),
                              yardstick.alarm, quantiles(start)[1, 0])
        odds[key] = (reading.runs_at_end, reading.runs_dipped, reading.runs)
    table["monitor"] = table["strategy"].map(odds)
    return table
