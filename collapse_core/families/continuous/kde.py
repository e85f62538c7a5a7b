"""A Gaussian kernel density estimate: a smoothing model that blurs instead of narrowing."""

from __future__ import annotations

import numpy as np

from collapse_core.families.continuous.gridded import GriddedDistribution, binned_gaussian_smooth

BANDWIDTH_RULES = ("scott", "silverman")
MAX_BANDWIDTH = 1000.0


def check_bandwidth(bandwidth) -> str | float:
    """'scott', 'silverman' or a positive number; anything else is a clear error."""
    if isinstance(bandwidth, str):
        if bandwidth in BANDWIDTH_RULES:
            return bandwidth
        try:
            bandwidth = float(bandwidth)
        except ValueError:
            raise ValueError(
                f"bandwidth must be 'scott', 'silverman' or a positive number, not {bandwidth!r}"
            ) from None
    if not (np.isfinite(bandwidth) and 0 < bandwidth <= MAX_BANDWIDTH):
        raise ValueError(f"bandwidth must be a positive number up to {MAX_BANDWIDTH:g}, "
                         f"not {bandwidth!r}")
    return float(bandwidth)


class KDEModel:
    """A bump of width `bandwidth` on every training point, added up; one per run."""

    def __init__(self, bandwidth: str | float = "scott"):
        self.bandwidth = check_bandwidth(bandwidth)

    def __repr__(self):
        return f"KDEModel(bandwidth={self.bandwidth!r})"

    def _bandwidth_for(self, x: np.ndarray) -> np.ndarray:
        """Scott's and Silverman's rules scale with the data's spread (unlike sklearn's)."""
        if not isinstance(self.bandwidth, str):
            return np.full(len(x), self.bandwidth)
        n, sd = x.shape[1], x.std(axis=1, ddof=1)
        if self.bandwidth == "scott":
            return 1.06 * sd * n ** (-0.2)
        q75, q25 = np.percentile(x, [75, 25], axis=1)
        spread = np.minimum(sd, (q75 - q25) / 1.34)
        return 0.9 * np.where(spread == 0, sd, spread) * n ** (-0.2)

    def fit(self, x: np.ndarray, rngs=None) -> KDEModel:
        """Keep each run's data (a row of x) and choose its bandwidth."""
        x = np.asarray(x, dtype=float)
        if x.shape[1] < 2:
            raise ValueError("a KDE needs at least 2 data points")
        self.data_ = x
        self.bandwidth_ = self._bandwidth_for(x)
        std = np.sqrt(x.var(axis=1) + self.bandwidth_**2)
        grid, masses = binned_gaussian_smooth(x, self.bandwidth_)
        self.parts_ = [(np.arange(len(x)), GriddedDistribution(grid, masses, x.mean(axis=1), std))]
        return self

    def sample(self, n: int, rngs, temperature: float = 1.0) -> np.ndarray:
        """Per run, pick training points at random and jitter each by a kernel (width x sqrt(t))."""
        return np.stack([self.sample_run(i, n, rng, temperature) for i, rng in enumerate(rngs)])

    def sample_run(self, run: int, n: int, rng: np.random.Generator, temperature: float = 1.0
                   ) -> np.ndarray:
        """n draws from one run's KDE (as `sample` draws them)."""
        data = self.data_[run]
        picks = data[rng.integers(data.size, size=n)]
        return picks + self.bandwidth_[run] * np.sqrt(temperature) * rng.standard_normal(n)
