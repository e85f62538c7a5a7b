"""Across many runs: the median, a 10-90% band, the odds, and the collapse monitor."""

from __future__ import annotations

import numpy as np
import pandas as pd

BAND = (0.10, 0.90)


def by_generation(metrics: pd.DataFrame, metric: str) -> np.ndarray:
    """`metric` as a (generations + 1, runs) table; a generation a run lacks is NaN.

    numpy indexing, not DataFrame.pivot: captions read this many times per page view.
    """
    generation = metrics["generation"].to_numpy(int)
    run = metrics["run"].to_numpy(int)
    table = np.full((generation.max() + 1, run.max() + 1), np.nan)
    table[generation, run] = metrics[metric].to_numpy(float)
    return table


def quantiles(values: np.ndarray) -> np.ndarray:
    """The 10%, 50% and 90% quantiles over runs (3 x generations) of a by_generation table."""
    return np.quantile(values, [BAND[0], 0.5, BAND[1]], axis=1)


def band(metrics: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per generation: the median and the 10% and 90% quantiles of `metric` over runs."""
    values = by_generation(metrics, metric)
    low, median, high = quantiles(values)
    return pd.DataFrame(
        {"generation": np.arange(values.shape[0]), "median": median, "low": low, "high": high}
    )


def typical_run(metrics: pd.DataFrame, metric: str) -> int:
    """The run whose last value of `metric` is the median over runs (for an even number of
    runs the lower middle one; of equal values, the first run): the one to draw."""
    last = by_generation(metrics, metric)[-1]
    return int(np.argsort(last, kind="stable")[(last.size - 1) // 2])


def beyond(values: np.ndarray, threshold: float, direction: str) -> np.ndarray:
    """Whether each value lies below (or above) the threshold (False for NaN: not measured)."""
    values = np.asarray(values, dtype=float)
    return values < threshold if direction == "below" else values > threshold


def first_crossing(values: np.ndarray, threshold: float, direction: str) -> int | None:
    """First index where values go below (or above) threshold, or None if they never do."""
    hits = np.flatnonzero(beyond(values, threshold, direction))
    return int(hits[0]) if hits.size else None


def crossings_per_run(
    metrics: pd.DataFrame, metric: str, threshold: float, direction: str
) -> np.ndarray:
    """For each run, the first generation that crosses the threshold (-1 if none)."""
    return first_crossings(by_generation(metrics, metric), threshold, direction)


def first_crossings(table: np.ndarray, threshold: float, direction: str) -> np.ndarray:
    """crossings_per_run() of a by_generation table."""
    past = beyond(table, threshold, direction)
    return np.where(past.any(axis=0), past.argmax(axis=0), -1)


def share_of_runs_crossed(
    metrics: pd.DataFrame, metric: str, threshold: float, direction: str
) -> tuple[int, int]:
    """How many runs crossed the threshold at some generation, out of how many."""
    hits = crossings_per_run(metrics, metric, threshold, direction)
    return int((hits >= 0).sum()), int(hits.size)


def runs_beyond_at_end(
    metrics: pd.DataFrame, metric: str, threshold: float, direction: str
) -> int:
    """How many runs end (at the last generation) below (or above) the threshold."""
    return int(beyond(by_generation(metrics, metric)[-1], threshold, direction).sum())
