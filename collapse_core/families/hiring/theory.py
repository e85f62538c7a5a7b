"""Closed forms beside the hiring simulation, each derived here and tested in tests/test_hiring.py.

1. Calibrated decisions stay near the truth (Taori & Hashimoto 2023, Thm 1). Let a model's
   rate (of hiring, in a group) differ from its training set's by at most delta, and let each
   training set hold m people-decided items (rate mu) and k that the last model decided. With
   d the training set's error, d' = (k (d + e)) / (m + k), |e| <= delta, so in the long run
   |d| <= delta k / m and the model's own error is at most delta (1 + k / m) = delta / f, where
   f = m / (m + k) is the human fraction. (Accumulating adds the same m : k each time and
   gives the same limit.) With no human data there is no bound; with argmax the model's rate
   is not its training set's plus a small error, so the bound does not apply.
2. The martingale. With sampled decisions (t = 1) and no human data, a logistic model with an
   intercept matches its training set's rate exactly (the intercept's score equation), and the
   training set's rate has the last model's rate as its mean: the expected hiring rate stays
   where it started; it drifts by chance, not in a direction.
3. Argmax moves one way. Fitting a sigmoid of finite slope w (the penalty keeps it finite) to
   yes/no at a bar c, the intercept equation sets E[sigmoid(w (x - c'))] = P(x > c). With u =
   w (x - c): E[sigmoid] - P(x > c) ~ f'(c) / w^2 * integral of u (sigmoid(u) - [u > 0]) du
   = -f'(c) pi^2 / (6 w^2), so the bar moves by c' - c ~ -(log f)'(c) pi^2 / (6 w^2): towards
   fewer applicants. Where most applicants score below the bar (a hire is the rarer decision),
   each generation raises the bar and hires fewer, the lower-scoring group first in proportion.
4. People leave (Hashimoto et al. 2018). With sizes' = nu(R) size + b and fixed error rates R,
   each group's size goes to lambda* = b / (1 - nu(R)) (see leaving.py for nu and b).
"""

from __future__ import annotations

import math

import numpy as np

from collapse_core.families.hiring import leaving


def calibrated_bound(delta: float, human_fraction: float) -> float:
    """The long-run bound delta (1 + k / m) on a calibrated model's error; inf with f = 0."""
    if human_fraction <= 0:
        return math.inf
    return delta / human_fraction


def bar_shift(slope: float, log_density_slope: float) -> float:
    """How far one refit on argmax decisions moves the bar: -(log f)'(c) pi^2 / (6 w^2)."""
    return -log_density_slope * math.pi**2 / (6.0 * slope**2)


def fixed_point_sizes(missed: np.ndarray, share: float) -> np.ndarray:
    """lambda* = b / (1 - nu(R)) for (larger, smaller group), given their error rates."""
    return leaving.arrivals(share) / (1.0 - leaving.retention(np.asarray(missed, float)))


def fixed_point_share(missed: np.ndarray, share: float) -> float:
    """The smaller group's share at the fixed point."""
    sizes = fixed_point_sizes(missed, share)
    return float(sizes[1] / sizes.sum())
