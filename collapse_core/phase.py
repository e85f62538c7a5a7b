"""The phase diagram: where, over sample size x human data share, a model stays grounded."""

from __future__ import annotations

import threading
import time
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

    @property
    def busy(self) -> bool:
        """Whether a thread is computing the cells now."""
        return self._lock.locked()

    def cells_done(self, generations: int) -> int:
        """How many cells have reached `generations` (they are computed in order)."""
        return sum(runs.generation >= generations for runs in self._runs)

    def extend(self, generations: int, deadline: float | None = None, wait: bool = True
               ) -> int:
        """Advance the cells, in order, to `generations`, stopping at the first generation
        boundary after time.perf_counter() passes `deadline` (None: no limit), having done
        at least one generation if any was missing; return cells_done. If another thread is
        computing, waits for it, or with wait=False returns at once."""
        if not self._lock.acquire(blocking=wait):
            return self.cells_done(generations)
        try:
            for runs in self._runs:
                while runs.generation < generations:
                    runs.advance()
                    if deadline is not None and time.perf_counter() >= deadline:
                        return self.cells_done(generations)
        finally:
            self._lock.release()
        return len(self._runs)

    def grid(self, generations: int, progress: Callable[[float], None] | None = None,
             complete: bool = True) -> pd.DataFrame:
        """One row per (sample size, human fraction): the final spread over runs and its odds.

        Columns: sample_size, human_fraction, median_spread (std / the human data's, median
        over runs), share_kept (runs with a final spread >= KEPT), mean_variance and its
        standard error. With complete=False nothing is computed: the cells that have not
        reached `generations` yet are NaN.
        """
        rows = []
        with self._lock:
            for i, ((n, f), runs) in enumerate(zip(self.cells, self._runs, strict=True)):
                row = {"sample_size": n, "human_fraction": f}
                if complete or runs.generation >= generations:
                    row.update(_cell(runs.variances_at(generations)))
                rows.append(row)
                if progress is not None:
                    progress((i + 1) / len(self.cells))
        return pd.DataFrame(rows, columns=["sample_size", "human_fraction", *_CELL_COLUMNS])


_CELL_COLUMNS = ("median_spread", "share_kept", "mean_variance", "variance_se")


def _cell(final: np.ndarray) -> dict[str, float]:
    """A cell's columns from its runs' fitted variances at the last generation."""
    spread = np.sqrt(final)
    return {
        "median_spread": float(np.median(spread)),
        "share_kept": float(np.mean(spread >= KEPT)),
        "mean_variance": float(final.mean()),
        "variance_se": float(final.std(ddof=1) / np.sqrt(final.size))
        if final.size > 1 else float("nan"),
    }


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
