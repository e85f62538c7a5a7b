"""Logistic regression for many runs at once: Newton's method (IRLS) with an L2 penalty."""

from __future__ import annotations

import numpy as np

# The penalty on the coefficients (not the intercept), as scikit-learn's default C = 1: it
# keeps the fit finite when the decisions are separable (a model trained on its own yes/no).
PENALTY = 1.0
# A whisper of a penalty on the intercept: a training set whose decisions are all the same
# (no one hired) would send it to minus infinity; this stops it near -25 and moves any
# other fit by far less than TOL's scale of agreement with scikit-learn.
INTERCEPT_PENALTY = 1e-8
TOL = 1e-10  # stop a run's Newton steps once no coefficient moves more than this
MAX_STEPS = 50


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), without overflow warnings for large |z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_odds(coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Each run's log-odds of yes: coef (runs, d) against features x (runs, d, n)."""
    z = coef[:, 0, None] * x[:, 0]
    for j in range(1, coef.shape[1]):
        z = z + coef[:, j, None] * x[:, j]
    return z


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray,
                 penalty: float = PENALTY) -> np.ndarray:
    """Coefficients (runs, d) minimising sum(weight * log loss) + penalty / 2 * |coef[1:]|^2.

    x is (runs, d, n) with a first row of ones (the intercept: INTERCEPT_PENALTY). Each run steps
    until its own step is below TOL, and every sum runs along one run's items: a run's
    coefficients are the same bit for bit whichever runs are fitted with it.
    """
    runs, d, _ = x.shape
    ridge = np.full(d, float(penalty))
    ridge[0] = INTERCEPT_PENALTY
    coef = np.zeros((runs, d))
    active = np.arange(runs)
    for _ in range(MAX_STEPS):
        xa, c = x[active], coef[active]
        p = sigmoid(log_odds(c, xa))
        residual, curvature = weight[active] * (y[active] - p), weight[active] * p * (1 - p)
        grad = np.stack([(residual * xa[:, i]).sum(axis=1) for i in range(d)], axis=1)
        grad -= ridge * c
        hess = np.empty((len(active), d, d))
        for i in range(d):
            for j in range(i, d):
                hess[:, i, j] = hess[:, j, i] = (curvature * xa[:, i] * xa[:, j]).sum(axis=1)
        hess[:, range(d), range(d)] += ridge
        step = np.linalg.solve(hess, grad[..., None])[..., 0]
        coef[active] = c + step
        active = active[np.abs(step).max(axis=1) > TOL]
        if active.size == 0:
            break
    return coef
