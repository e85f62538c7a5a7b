"""One-dimensional Gaussian mixtures: the human sources and the parametric models."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

_SQRT_2PI = np.sqrt(2.0 * np.pi)
# Grid points per component when a density or CDF is integrated numerically.
_POINTS_PER_COMPONENT = 121


class Mixture1D:
    """A 1-D Gaussian mixture with weights, means and standard deviations."""

    def __init__(self, weights, means, sds):
        self.weights = np.atleast_1d(np.asarray(weights, dtype=float))
        self.means = np.atleast_1d(np.asarray(means, dtype=float))
        self.sds = np.atleast_1d(np.asarray(sds, dtype=float))
        if not (self.weights.shape == self.means.shape == self.sds.shape):
            raise ValueError("weights, means and sds must have the same length")
        if np.any(self.weights < 0) or not np.isclose(self.weights.sum(), 1.0):
            raise ValueError("weights must be non-negative and sum to 1")
        if np.any(self.sds < 0):
            raise ValueError("sds must be non-negative")

    def __repr__(self):
        parts = ", ".join(
            f"{w:.3g}*N({m:.3g}, {s:.3g}^2)"
            for w, m, s in zip(self.weights, self.means, self.sds, strict=True)
        )
        return f"Mixture1D({parts})"

    @property
    def mean(self) -> float:
        """Mean of the mixture."""
        return float(self.weights @ self.means)

    @property
    def std(self) -> float:
        """Standard deviation of the mixture (law of total variance)."""
        return float(np.sqrt(self.weights @ (self.sds**2 + (self.means - self.mean) ** 2)))

    def pdf(self, x) -> np.ndarray:
        """Density at x; a zero-width component contributes nothing off its point."""
        x = np.asarray(x, dtype=float)[..., None]
        sds = np.maximum(self.sds, 1e-300)
        with np.errstate(over="ignore"):  # z*z overflows to inf far from a spike: density 0
            z = (x - self.means) / sds
            return np.sum(self.weights * np.exp(-0.5 * z * z) / (sds * _SQRT_2PI), axis=-1)

    def cdf(self, x) -> np.ndarray:
        """Cumulative distribution at x (exact, zero-width components are steps)."""
        x = np.asarray(x, dtype=float)[..., None]
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (x - self.means) / self.sds
        z = np.where(self.sds > 0, z, np.where(x >= self.means, np.inf, -np.inf))
        return np.sum(self.weights * ndtr(z), axis=-1)

    def mass_between(self, lo: float, hi: float) -> float:
        """Probability of the interval [lo, hi]."""
        return float(self.cdf(hi) - self.cdf(lo))

    def quantile(self, q: float) -> float:
        """The q-quantile, by bisection on the exact CDF."""
        lo = float(np.min(self.means - 12 * self.sds)) - 1.0
        hi = float(np.max(self.means + 12 * self.sds)) + 1.0
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if self.cdf(mid) < q:
                lo = mid
            else:
                hi = mid
            if hi - lo < 1e-12 * max(1.0, abs(mid)):
                break
        return 0.5 * (lo + hi)

    def support_grid(self) -> np.ndarray:
        """Sorted points that resolve every component (each +-8 sd, finely spaced)."""
        offsets = np.linspace(-8.0, 8.0, _POINTS_PER_COMPONENT)
        sds = np.maximum(self.sds, 1e-9)
        points = (self.means[:, None] + sds[:, None] * offsets[None, :]).ravel()
        return np.unique(points)

    def scaled(self, temperature: float) -> Mixture1D:
        """The same mixture with every component's variance multiplied by temperature."""
        return Mixture1D(self.weights, self.means, self.sds * np.sqrt(temperature))

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n independent draws, in random order."""
        if self.weights.size == 1:
            return self.means[0] + self.sds[0] * rng.standard_normal(n)
        component = rng.choice(self.weights.size, size=n, p=self.weights)
        return self.means[component] + self.sds[component] * rng.standard_normal(n)
