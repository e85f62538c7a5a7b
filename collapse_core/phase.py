"""The phase diagram: where, over sample size x human data share, a model stays grounded."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from collapse_core.fast_gaussian import GaussianRuns
from collapse_core.settings import Settings

SAMPLE_SIZES = (10, 20, 50, 100, 200, 500, 1000)
HUMAN_FRACTIONS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
# A run "stays grounded" if its final spread is at least this share of the human data's.
KEPT = 0.9


class PhaseMap:
    """The runs of every cell of the map, extended on demand: `grid(g)` equals
    `phase_grid` with g generations, and asking for fewer generations than were computed
    reads them, for more continues the runs (settings.generations is ignored).
    Safe to share between threads."""

    def __init__(self, base: Settings, estimator: str = "mle", sample_sizes=SAMPLE_SIZES,
                 fractions=HUMAN_FRACTIONS):
        self.cells = [(n, f) for n in sample_sizes for f in fractions]
        streams = np.random.SeedSequence(base.seed).spawn(len(self.cells))
        self._runs = [
            GaussianRuns(replace(base, sample_size=n, human_fraction=f),
                         np.random.default_rng(stream), estimator)
            for (n, f), stream in zip(self.cells, streams, strict=True)
        ]
        self._lock = threading.Lock()

    def grid(self, generations: int, progress: Callable[[float], None] | None = None
             ) -> pd.DataFrame:
        """One row per (sample size, human fraction): the final spread over runs and its odds.

        Columns: sample_size, human_fraction, median_spread (std / the human data's, median
        over runs), share_kept (runs with a final spread >= KEPT), mean_variance and its
        standard error.
        """
        rows = []
        with self._lock:
            for i, ((n, f), runs) in enumerate(zip(self.cells, self._runs, strict=True)):
                final = runs.variances_at(generations)
                spread = np.sqrt(final)
                rows.append({
                    "sample_size": n, "human_fraction": f,
                    "median_spread": float(np.median(spread)),
                    "share_kept": float(np.mean(spread >= KEPT)),
                    "mean_variance": float(final.mean()),
                    "variance_se": float(final.std(ddof=1) / np.sqrt(final.size))
                    if final.size > 1 else float("nan"),
                })
                if progress is not None:
                    progress((i + 1) / len(self.cells))
        return pd.DataFrame(rows)


def phase_grid(
    base: Settings,
    estimator: str = "mle",
    sample_sizes=SAMPLE_SIZES,
    fractions=HUMAN_FRACTIONS,
    progress: Callable[[float], None] | None = None,
) -> pd.DataFrame:
    """The map for base.generations generations (see PhaseMap.grid for its columns).

    Each cell has its own random stream, spawned from base.seed.
    """
    return PhaseMap(base, estimator, sample_sizes, fractions).grid(base.generations, progress)


def smallest_fraction_kept(grid: pd.DataFrame, column: str = "median_spread",
                           level: float = KEPT) -> dict[int, float | None]:
    """For each sample size, the smallest human fraction whose outcome reaches `level`."""
    found = {}
    for n, cells in grid.groupby("sample_size"):
        ok = cells.loc[cells[column] >= level, "human_fraction"]
        found[int(n)] = float(ok.min()) if len(ok) else None
    return found
