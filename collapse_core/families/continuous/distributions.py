"""One-dimensional Gaussian mixtures: the human sources and the parametric models.

A Mixture1D holds one mixture, or a batch of them (one per run) when its parameters have a
leading axis: every method then works row by row, and a row's numbers do not depend on the
other rows (only elementwise operations and reductions along the last axis).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

_SQRT_2PI = np.sqrt(2.0 * np.pi)
# Grid points per component when a density or CDF is integrated numerically.
_POINTS_PER_COMPONENT = 121


class Mixture1D:
    """1-D Gaussian mixtures with weights, means and standard deviations (last axis: components)."""

    def __init__(self, weights, means, sds):
        self.weights = np.atleast_1d(np.asarray(weights, dtype=float))
        self.means = np.atleast_1d(np.asarray(means, dtype=float))
        self.sds = np.atleast_1d(np.asarray(sds, dtype=float))
        if not (self.weights.shape == self.means.shape == self.sds.shape):
            raise ValueError("weights, means and sds must have the same length")
        if np.any(self.weights < 0) or not np.allclose(self.weights.sum(axis=-1), 1.0):
            raise ValueError("weights must be non-negative and sum to 1")
        if np.any(self.sds < 0):
            raise ValueError("sds must be non-negative")

    def __repr__(self):
        if self.weights.ndim > 1:
            return f"Mixture1D({len(self.weights)} mixtures of {self.weights.shape[-1]})"
        parts = ", ".join(
            f"{w:.3g}*N({m:.3g}, {s:.3g}^2)"
            for w, m, s in zip(self.weights, self.means, self.sds, strict=True)
        )
        return f"Mixture1D({parts})"

    def row(self, i: int) -> Mixture1D:
        """The i-th mixture of a batch."""
        return Mixture1D(self.weights[i], self.means[i], self.sds[i])

    @property
    def mean(self):
        """Mean of the mixture (one per row of a batch)."""
        return _number(np.vecdot(self.weights, self.means))

    @property
    def std(self):
        """Standard deviation of the mixture (law of total variance)."""
        spread = self.sds**2 + (self.means - np.asarray(self.mean)[..., None]) ** 2
        return _number(np.sqrt(np.vecdot(self.weights, spread)))

    def pdf(self, x) -> np.ndarray:
        """Density at x (for a batch, a row of points per mixture); a zero-width component
        contributes nothing off its point."""
        x, weights, means, sds = self._at(x)
        sds = np.maximum(sds, 1e-300)
        with np.errstate(over="ignore"):  # z*z overflows to inf far from a spike: density 0
            z = (x - means) / sds
            return np.sum(weights * np.exp(-0.5 * z * z) / (sds * _SQRT_2PI), axis=-1)

    def cdf(self, x) -> np.ndarray:
        """Cumulative distribution at x (exact, zero-width components are steps)."""
        points = np.asarray(x, dtype=float)
        x, total = np.atleast_1d(points), None
        # A component at a time, on contiguous arrays: much faster than a trailing axis.
        for j in range(self.weights.shape[-1]):
            weight, mean, sd = (p[..., j, None] if p.ndim > 1 else p[j]
                                for p in (self.weights, self.means, self.sds))
            with np.errstate(divide="ignore", invalid="ignore"):
                z = np.subtract(x, mean)
                z /= sd
            if not np.all(sd > 0):
                z = np.where(sd > 0, z, np.where(x >= mean, np.inf, -np.inf))
            term = ndtr(z, out=z)
            term *= weight
            total = term if total is None else total + term
        return total if points.ndim else total[0]

    def _at(self, x) -> tuple[np.ndarray, ...]:
        """Points and parameters shaped to meet: (..., points, 1) against (..., 1, components)."""
        x = np.asarray(x, dtype=float)[..., None]
        if self.weights.ndim == 1:
            return x, self.weights, self.means, self.sds
        return x, self.weights[..., None, :], self.means[..., None, :], self.sds[..., None, :]

    def mass_between(self, lo: float, hi: float) -> float:
        """Probability of the interval [lo, hi]."""
        return float(self.cdf(hi) - self.cdf(lo))

    def quantile(self, q: float) -> float:
        """The q-quantile of one mixture, by bisection on the exact CDF."""
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
        """Sorted points that resolve every component (each +-8 sd, finely spaced); repeated
        points are kept, so that every row of a batch has as many."""
        offsets = np.linspace(-8.0, 8.0, _POINTS_PER_COMPONENT)
        sds = np.maximum(self.sds, 1e-9)
        points = self.means[..., None] + sds[..., None] * offsets
        return np.sort(points.reshape(*points.shape[:-2], -1), axis=-1)

    def scaled(self, temperature: float) -> Mixture1D:
        """The same mixture with every component's variance multiplied by temperature."""
        return Mixture1D(self.weights, self.means, self.sds * np.sqrt(temperature))

    def sample(self, n: int, rng) -> np.ndarray:
        """n independent draws, in random order; for a batch, rng holds one generator per
        mixture and the draws come as one row per mixture."""
        if self.weights.ndim == 1:
            return _draws(self.weights, self.means, self.sds, n, rng)
        out = np.empty((len(self.weights), n))
        for i, generator in enumerate(rng):
            out[i] = _draws(self.weights[i], self.means[i], self.sds[i], n, generator)
        return out


def _draws(weights, means, sds, n: int, rng: np.random.Generator) -> np.ndarray:
    """n draws of one mixture: a component for each, then a normal draw."""
    if weights.size == 1:
        return means[0] + sds[0] * rng.standard_normal(n)
    component = rng.choice(weights.size, size=n, p=weights)
    return means[component] + sds[component] * rng.standard_normal(n)


def _number(values: np.ndarray):
    """A batch's values as they are, one mixture's as a float."""
    return float(values) if values.ndim == 0 else values


def sample_parts(parts, n: int, rngs, temperature: float) -> np.ndarray:
    """n draws per run from fitted mixtures kept as parts, (runs, a batch of their mixtures),
    at a temperature: one row per run."""
    out = np.empty((sum(len(runs) for runs, _ in parts), n))
    for runs, mixtures in parts:
        out[runs] = mixtures.scaled(temperature).sample(n, [rngs[r] for r in runs])
    return out


def fitted_distribution(model, run: int):
    """The distribution a continuous model fitted to one of its runs (found in its parts_,
    the fits kept as (runs, a batch of their distributions))."""
    for runs, fitted in model.parts_:
        found = np.flatnonzero(runs == run)
        if found.size:
            return fitted.row(int(found[0]))
    raise IndexError(f"the model has no run {run}")


def sample_fitted(model, run: int, n: int, rng: np.random.Generator, temperature: float
               ) -> np.ndarray:
    """n draws from one run's fitted mixture at a temperature (as `sample_parts` draws them)."""
    return fitted_distribution(model, run).scaled(temperature).sample(n, rng)
