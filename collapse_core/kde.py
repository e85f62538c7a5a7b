"""A Gaussian kernel density estimate: a smoothing model that blurs instead of narrowing."""

from __future__ import annotations

import numpy as np

from collapse_core.gridded import GriddedDistribution, binned_gaussian_smooth

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
    """A bump of width `bandwidth` on every training point, added up."""

    def __init__(self, bandwidth: str | float = "scott"):
        self.bandwidth = check_bandwidth(bandwidth)

    def __repr__(self):
        return f"KDEModel(bandwidth={self.bandwidth!r})"

    def _bandwidth_for(self, x: np.ndarray) -> float:
        """Scott's and Silverman's rules scale with the data's spread (unlike sklearn's)."""
        if not isinstance(self.bandwidth, str):
            return self.bandwidth
        n, sd = x.size, float(x.std(ddof=1)) if x.size > 1 else 0.0
        if self.bandwidth == "scott":
            return 1.06 * sd * n ** (-0.2)
        q75, q25 = np.percentile(x, [75, 25])
        spread = min(sd, (q75 - q25) / 1.34) or sd
        return 0.9 * spread * n ** (-0.2)

    def fit(self, x: np.ndarray, rng: np.random.Generator | None = None) -> KDEModel:
        """Keep the data and choose the bandwidth."""
        x = np.asarray(x, dtype=float)
        if x.size < 2:
            raise ValueError("a KDE needs at least 2 data points")
        self.data_ = x
        self.bandwidth_ = self._bandwidth_for(x)
        std = np.sqrt(x.var() + self.bandwidth_**2)
        grid, masses = binned_gaussian_smooth(x, self.bandwidth_)
        self.distribution_ = GriddedDistribution(grid, masses, x.mean(), std)
        return self

    def sample(self, n: int, rng: np.random.Generator, temperature: float = 1.0) -> np.ndarray:
        """Pick training points at random and jitter each by a kernel (width x sqrt(t))."""
        picks = self.data_[rng.integers(self.data_.size, size=n)]
        return picks + self.bandwidth_ * np.sqrt(temperature) * rng.standard_normal(n)
