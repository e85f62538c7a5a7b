"""A Gaussian mixture with k components, fitted by expectation-maximisation (EM)."""

from __future__ import annotations

import warnings

import numpy as np

from collapse_core.mixture1d import Mixture1D

MAX_COMPONENTS = 10
# The same defaults as scikit-learn's GaussianMixture.
REG_COVAR, TOL, MAX_ITER = 1e-6, 1e-3, 100
_LOG_2PI = np.log(2.0 * np.pi)


def _log_joint(x, weights, means, variances) -> np.ndarray:
    """log(weight_k * N(x_i | mean_k, var_k)), shape (k, n): rows are components."""
    z2 = (x[None, :] - means[:, None]) ** 2 / variances[:, None]
    return (np.log(weights) - 0.5 * (_LOG_2PI + np.log(variances)))[:, None] - 0.5 * z2


def em_1d(x, weights, means, variances, max_iter: int = MAX_ITER):
    """EM for a 1-D mixture from given parameters, step for step as scikit-learn's."""
    n, previous = x.size, -np.inf
    for _ in range(max_iter):
        log_joint = _log_joint(x, weights, means, variances)
        top = log_joint.max(axis=0)
        log_norm = top + np.log(np.exp(log_joint - top).sum(axis=0))
        resp = np.exp(log_joint - log_norm)
        nk = resp.sum(axis=1) + 10 * np.finfo(float).eps
        means = (resp @ x) / nk
        variances = (resp * (x[None, :] - means[:, None]) ** 2).sum(axis=1) / nk + REG_COVAR
        weights = nk / n
        bound = log_norm.mean()
        if abs(bound - previous) < TOL:
            break
        previous = bound
    return weights / weights.sum(), means, variances


class MixtureModel:
    """k bell curves added together; each refit continues EM from the previous fit."""

    def __init__(self, components: int = 3):
        if not (isinstance(components, int | np.integer) and 1 <= components <= MAX_COMPONENTS):
            raise ValueError(f"components must be an integer from 1 to {MAX_COMPONENTS}")
        self.components = int(components)

    def __repr__(self):
        return f"MixtureModel(components={self.components})"

    def _initial_fit(self, x: np.ndarray, k: int, rng: np.random.Generator) -> tuple:
        """A cold start: scikit-learn's GaussianMixture with its k-means initialisation."""
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.mixture import GaussianMixture  # ~2 s to import: only when first needed

        gm = GaussianMixture(n_components=k, reg_covar=REG_COVAR, tol=TOL, max_iter=MAX_ITER,
                             random_state=int(rng.integers(2**31 - 1)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            gm.fit(x.reshape(-1, 1))
        return gm.weights_ / gm.weights_.sum(), gm.means_.ravel(), gm.covariances_.ravel()

    def fit(self, x: np.ndarray, rng: np.random.Generator) -> MixtureModel:
        """Fit by EM, warm-started from the current fit when there is one (like warm_start)."""
        x = np.asarray(x, dtype=float)
        # EM cannot place more components than there are distinct values.
        k = min(self.components, np.unique(x).size)
        previous = getattr(self, "distribution_", None)
        if previous is not None and previous.weights.size == k:
            start = (previous.weights, previous.means, np.maximum(previous.sds**2, REG_COVAR))
            weights, means, variances = em_1d(x, *start)
        else:
            weights, means, variances = self._initial_fit(x, k, rng)
        self.distribution_ = Mixture1D(weights, means, np.sqrt(variances))
        return self

    def sample(self, n: int, rng: np.random.Generator, temperature: float = 1.0) -> np.ndarray:
        """n draws in numpy (sklearn's sample() repeats itself and groups by component)."""
        return self.distribution_.scaled(temperature).sample(n, rng)
