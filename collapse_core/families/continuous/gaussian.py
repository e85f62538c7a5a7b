"""A single Gaussian fitted by maximum likelihood or with the unbiased variance."""

from __future__ import annotations

import numpy as np

from collapse_core.families.continuous.distributions import Mixture1D, sample_fitted, sample_parts

ESTIMATORS = ("mle", "unbiased")


class GaussianModel:
    """One bell curve per run: the simplest model that can collapse."""

    def __init__(self, estimator: str = "mle"):
        if estimator not in ESTIMATORS:
            raise ValueError(f"estimator must be 'mle' or 'unbiased', not {estimator!r}")
        self.estimator = estimator

    def __repr__(self):
        return f"GaussianModel(estimator={self.estimator!r})"

    def fit(self, x: np.ndarray, rngs=None) -> GaussianModel:
        """Fit each run's (each row's) mean and variance (divide by N for 'mle', N-1 for
        'unbiased')."""
        x = np.asarray(x, dtype=float)
        if x.shape[1] < 2:
            raise ValueError("a Gaussian needs at least 2 data points")
        ddof = 0 if self.estimator == "mle" else 1
        self.mean_ = x.mean(axis=1)
        self.var_ = x.var(axis=1, ddof=ddof)
        fitted = Mixture1D(np.ones((len(x), 1)), self.mean_[:, None], np.sqrt(self.var_)[:, None])
        self.parts_ = [(np.arange(len(x)), fitted)]
        return self

    def sample(self, n: int, rngs, temperature: float = 1.0) -> np.ndarray:
        """n draws per run from its fitted Gaussian with the variance times temperature."""
        return sample_parts(self.parts_, n, rngs, temperature)

    def sample_run(self, run: int, n: int, rng: np.random.Generator, temperature: float = 1.0
                   ) -> np.ndarray:
        """n more draws from one run's fit, from a stream of its own (a filter's candidates)."""
        return sample_fitted(self, run, n, rng, temperature)
