"""Many runs held together: their items, their models, their metrics."""

from __future__ import annotations

import numpy as np


class ArrayItems:
    """How experiments whose items are numpy rows hold many runs: one array, a run per row."""

    @staticmethod
    def stack(items: list[np.ndarray]) -> np.ndarray:
        """The runs' items as one batch."""
        return np.stack(items)

    @staticmethod
    def take(items: np.ndarray, n: int) -> np.ndarray:
        """The first n items of every run."""
        return items[:, :n]

    @staticmethod
    def concat(parts: list[np.ndarray]) -> np.ndarray:
        """Every run's training set from several, one after the other."""
        return np.concatenate(parts, axis=1)


class PerRun:
    """A model for many runs made of one model per run, fitted in turn: for models whose fits
    share nothing that numpy could do for all runs at once (see benchmarks/bench_runs.py)."""

    def __init__(self, new_model, stack):
        self.new_model, self.stack = new_model, stack
        self.models = []

    def __repr__(self):
        return f"PerRun({self.new_model()!r} x {len(self.models)})"

    def __getitem__(self, run: int):
        return self.models[run]

    def fit(self, pools, rngs) -> PerRun:
        """Fit each run's model to its own training set."""
        if not self.models:
            self.models = [self.new_model() for _ in rngs]
        for model, pool, rng in zip(self.models, pools, rngs, strict=True):
            model.fit(pool, rng)
        return self

    def sample(self, n: int, rngs, temperature: float = 1.0):
        """n items from each run's model, as a batch."""
        return self.stack([model.sample(n, rng, temperature)
                           for model, rng in zip(self.models, rngs, strict=True)])

    def sample_run(self, run: int, n: int, rng, temperature: float = 1.0):
        """n more items from one run's model, from a stream of its own (a filter's candidates)."""
        return self.models[run].sample(n, rng, temperature)


def columns(rows: list[dict]) -> dict[str, np.ndarray]:
    """Metrics measured run by run (a dict per run) as columns (one value per run)."""
    return {name: np.array([row[name] for row in rows],
                           dtype=object if isinstance(value, str) else None)
            for name, value in rows[0].items()}


def nbytes(items) -> int:
    """Memory held by a batch of items (an array, or a list of arrays)."""
    if items is None:
        return 0
    return items.nbytes if isinstance(items, np.ndarray) else sum(a.nbytes for a in items)
