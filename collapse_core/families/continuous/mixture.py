"""A Gaussian mixture with k components, fitted by expectation-maximisation (EM)."""

from __future__ import annotations

import numpy as np

from collapse_core.families.continuous.distributions import Mixture1D, sample_fitted, sample_parts
from collapse_core.sklearn_fit import fit_quietly

MAX_COMPONENTS = 10
# The same defaults as scikit-learn's GaussianMixture.
REG_COVAR, TOL, MAX_ITER = 1e-6, 1e-3, 100
_LOG_2PI = np.log(2.0 * np.pi)
_CACHED_VALUES = 32_768  # floats in one of EM's work arrays: 256 kB, a share of a CPU's cache


def _log_joint(x, weights, means, variances) -> np.ndarray:
    """log(weight_k * N(x_i | mean_k, var_k)), shape (runs, k, n): a row per component."""
    z2 = np.subtract(x[:, None, :], means[:, :, None])
    np.square(z2, out=z2)
    z2 /= variances[:, :, None]
    z2 *= 0.5
    return np.subtract((np.log(weights) - 0.5 * (_LOG_2PI + np.log(variances)))[:, :, None], z2,
                       out=z2)


def em_1d(x, weights, means, variances, max_iter: int = MAX_ITER):
    """EM for 1-D mixtures from given parameters, step for step as scikit-learn's: one
    mixture per row of x (runs, n) and of the parameters (runs, k), each stopping on its own."""
    # A few rows at a time, so that EM's (rows, k, n) arrays stay in the CPU's cache (with 50
    # runs of 1,000 points this is twice as fast as all rows at once).
    size = max(1, _CACHED_VALUES // (weights.shape[1] * x.shape[1]))
    blocks = [_em_rows(x[i : i + size], weights[i : i + size], means[i : i + size],
                       variances[i : i + size], max_iter) for i in range(0, len(x), size)]
    return tuple(np.concatenate(parts) for parts in zip(*blocks, strict=True))


def _em_rows(x, weights, means, variances, max_iter: int):
    """em_1d for a block of rows."""
    n, active = x.shape[1], np.arange(len(x))
    previous = np.full(len(x), -np.inf)
    fitted = [np.empty_like(weights), np.empty_like(means), np.empty_like(variances)]
    for _ in range(max_iter):
        # In place where it can be: the (runs, k, n) arrays are the whole cost.
        log_joint = _log_joint(x, weights, means, variances)
        top = log_joint.max(axis=1)
        work = np.subtract(log_joint, top[:, None])
        log_norm = top + np.log(np.exp(work, out=work).sum(axis=1))
        resp = np.exp(np.subtract(log_joint, log_norm[:, None], out=work), out=work)
        nk = resp.sum(axis=2) + 10 * np.finfo(float).eps
        means = np.matmul(resp, x[:, :, None])[:, :, 0] / nk  # a matrix-vector product per run
        spread = np.square(np.subtract(x[:, None, :], means[:, :, None], out=log_joint),
                           out=log_joint)
        variances = (np.multiply(resp, spread, out=spread)).sum(axis=2) / nk + REG_COVAR
        weights = nk / n
        bound = log_norm.mean(axis=1)
        done = np.abs(bound - previous) < TOL
        for kept, value in zip(fitted, (weights, means, variances), strict=True):
            kept[active[done]] = value[done]
        going = ~done
        active, previous, x = active[going], bound[going], x[going]
        weights, means, variances = weights[going], means[going], variances[going]
        if not active.size:
            break
    for kept, value in zip(fitted, (weights, means, variances), strict=True):
        kept[active] = value  # runs that reached max_iter
    weights, means, variances = fitted
    return weights / weights.sum(axis=1, keepdims=True), means, variances


def _distinct(x: np.ndarray, cap: int) -> np.ndarray:
    """How many different values each row holds, counted up to `cap`."""
    # A row's first few values usually hold `cap` different ones: sort only those.
    count = np.minimum(cap, _count_distinct(x[:, : 4 * cap]))
    short = count < cap
    if x.shape[1] > 4 * cap and short.any():
        count[short] = np.minimum(cap, _count_distinct(x[short]))
    return count


def _count_distinct(x: np.ndarray) -> np.ndarray:
    """How many different values each row holds."""
    ordered = np.sort(x, axis=1)
    return 1 + np.count_nonzero(ordered[:, 1:] != ordered[:, :-1], axis=1)


class MixtureModel:
    """k bell curves added together, one mixture per run; each refit continues EM from the
    run's previous fit."""

    def __init__(self, components: int = 3):
        if not (isinstance(components, int | np.integer) and 1 <= components <= MAX_COMPONENTS):
            raise ValueError(f"components must be an integer from 1 to {MAX_COMPONENTS}")
        self.components = int(components)

    def __repr__(self):
        return f"MixtureModel(components={self.components})"

    @staticmethod
    def _initial_fit(x: np.ndarray, k: int, rng: np.random.Generator) -> tuple:
        """A cold start: scikit-learn's GaussianMixture with its k-means initialisation."""
        from sklearn.mixture import GaussianMixture  # ~2 s to import: only when first needed

        gm = GaussianMixture(n_components=k, reg_covar=REG_COVAR, tol=TOL, max_iter=MAX_ITER,
                             random_state=int(rng.integers(2**31 - 1)))
        fit_quietly(gm, x.reshape(-1, 1))
        return gm.weights_ / gm.weights_.sum(), gm.means_.ravel(), gm.covariances_.ravel()

    def fit(self, x: np.ndarray, rngs) -> MixtureModel:
        """Fit each run (row of x) by EM, warm-started from its current fit when it has one
        with as many components (like warm_start), else from scratch."""
        x = np.asarray(x, dtype=float)
        # EM cannot place more components than there are distinct values.
        counts = _distinct(x, self.components)
        shape = (len(x), self.components)
        weights, means, sds = np.zeros(shape), np.zeros(shape), np.ones(shape)
        previous = getattr(self, "counts_", np.zeros(len(x), dtype=int))
        self.parts_ = []
        for k in np.unique(counts):
            runs = np.flatnonzero(counts == k)
            warm = runs[previous[runs] == k]
            if warm.size:
                start = (self.weights_[warm, :k], self.means_[warm, :k],
                         np.maximum(self.sds_[warm, :k] ** 2, REG_COVAR))
                w, m, v = em_1d(x[warm], *start)
                weights[warm, :k], means[warm, :k], sds[warm, :k] = w, m, np.sqrt(v)
            for run in np.setdiff1d(runs, warm):
                w, m, v = self._initial_fit(x[run], k, rngs[run])
                weights[run, :k], means[run, :k], sds[run, :k] = w, m, np.sqrt(v)
            self.parts_.append((runs, Mixture1D(weights[runs, :k], means[runs, :k],
                                                sds[runs, :k])))
        self.counts_, self.weights_, self.means_, self.sds_ = counts, weights, means, sds
        return self

    def sample(self, n: int, rngs, temperature: float = 1.0) -> np.ndarray:
        """n draws per run, in numpy (sklearn's sample() repeats itself and groups by
        component)."""
        return sample_parts(self.parts_, n, rngs, temperature)

    def sample_run(self, run: int, n: int, rng: np.random.Generator, temperature: float = 1.0
                   ) -> np.ndarray:
        """n more draws from one run's fit, from a stream of its own (a filter's candidates)."""
        return sample_fitted(self, run, n, rng, temperature)
