"""What the learned detector sees of 1-D points: their standardised value and its square."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from collapse_core.detectors import RARE_SHARE, ArrayUnits, logistic_log_odds

Z_LIMIT = 1e3  # standardised values are clipped here: far enough to be "far", squared safely


class ValueDetector(ArrayUnits):
    """1-D points: logistic regression on the value and its square, both measured in the
    source's standard deviations from its mean (a bell's log-odds against another bell are
    exactly such a quadratic)."""

    def __init__(self, source):
        self.source = source

    def __repr__(self):
        return f"ValueDetector({self.source.name})"

    def features(self, x: np.ndarray) -> np.ndarray:
        """(z, z^2) with z the standardised value."""
        dist = self.source.distribution
        z = np.clip((x - dist.mean) / dist.std, -Z_LIMIT, Z_LIMIT)
        return np.column_stack([z, z * z])

    @staticmethod
    def classifier(seed: int):
        """An unfitted logistic regression."""
        from sklearn.linear_model import LogisticRegression

        # liblinear: half lbfgs's time on two features (it shuffles, hence the seed).
        return LogisticRegression(solver="liblinear", class_weight="balanced", random_state=seed)

    log_odds = staticmethod(logistic_log_odds)

    def is_rare(self, x: np.ndarray) -> np.ndarray:
        """Values where the source is thinnest: together they hold RARE_SHARE of its mass."""
        return self.source.distribution.pdf(x) < _rare_density(self.source)


@lru_cache(maxsize=16)
def _rare_density(source) -> float:
    """The density below which a source holds RARE_SHARE of its mass (found on a fine grid)."""
    dist = source.distribution
    grid = np.unique(dist.support_grid())
    mass = np.diff(dist.cdf(grid))
    density = dist.pdf(0.5 * (grid[1:] + grid[:-1]))
    order = np.argsort(density)
    reached = np.searchsorted(np.cumsum(mass[order]), RARE_SHARE)
    return float(density[order][min(reached, order.size - 1)])
