"""People leave (after Hashimoto et al. 2018): a group the model serves badly applies less.

Each group's number of applicants (in units of the first year's total) moves as
    size' = retention(R) * size + arrivals,   retention(R) = STAY * (1 - R),
where R is the group's error rate: the share of those people would hire whom the model turned
away; arrivals = (1 - STAY) * the group's original share, so that a group nobody wrongs keeps
its size. The smaller group's share of next year's applicants is its size over the total.
"""

from __future__ import annotations

import numpy as np

STAY = 0.8  # the share of a year's applicants who would apply again, if none were wronged


def retention(missed: np.ndarray) -> np.ndarray:
    """The share of a group's applicants who apply again, given its error rate."""
    return STAY * (1.0 - missed)


def arrivals(share: float) -> np.ndarray:
    """New applicants each year, (larger group, smaller group)."""
    return (1.0 - STAY) * np.array([1.0 - share, share])


def next_sizes(sizes: np.ndarray, missed: np.ndarray, share: float) -> np.ndarray:
    """Next year's sizes (runs, 2) from this year's and the groups' error rates (runs, 2)."""
    return retention(missed) * sizes + arrivals(share)


def minority_share(sizes: np.ndarray) -> np.ndarray:
    """The smaller group's share of the applicants, one per run."""
    return sizes[:, 1] / sizes.sum(axis=1)
