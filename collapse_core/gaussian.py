"""A single Gaussian fitted by maximum likelihood or with the unbiased variance."""

from __future__ import annotations

import numpy as np

from collapse_core.mixture1d import Mixture1D

ESTIMATORS = ("mle", "unbiased")


class GaussianModel:
    """One bell curve: the simplest model that can collapse."""

    def __init__(self, estimator: str = "mle"):
        if estimator not in ESTIMATORS:
            raise ValueError(f"estimator must be 'mle' or 'unbiased', not {estimator!r}")
        self.estimator = estimator

    def __repr__(self):
        return f"GaussianModel(estimator={self.estimator!r})"

    def fit(self, x: np.ndarray, rng: np.random.Generator | None = None) -> GaussianModel:
        """Fit mean and variance (divide by N for 'mle', by N-1 for 'unbiased')."""
        x = np.asarray(x, dtype=float)
        if x.size < 2:
            raise ValueError("a Gaussian needs at least 2 data points")
        ddof = 0 if self.estimator == "mle" else 1
        self.mean_ = float(x.mean())
        self.var_ = float(x.var(ddof=ddof))
        self.distribution_ = Mixture1D([1.0], [self.mean_], [np.sqrt(self.var_)])
        return self

    def sample(self, n: int, rng: np.random.Generator, temperature: float = 1.0) -> np.ndarray:
        """n draws from the fitted Gaussian with its variance times temperature."""
        return self.distribution_.scaled(temperature).sample(n, rng)
