"""The applicants: two groups, a score each, and the people's (human) hiring decisions.

Items are rows (group, score, decision): group 1 is the smaller group, decision 1 is "hire".
"""

from __future__ import annotations

import math

import numpy as np

from collapse_core.families.hiring.logistic import sigmoid
from collapse_core.settings import check_human_data

GROUP, SCORE, DECISION = 0, 1, 2  # the columns of an item
SCORE_GAP = 0.5  # the smaller group's scores are this much lower on average (standard units)
PEOPLE_SLOPE, PEOPLE_BAR = 2.0, 0.5  # people hire with probability sigmoid(2 (score - 0.5))
MAX_BIAS = 3.0


def check_share(share) -> float:
    """The smaller group's share of the applicants, checked: above 0 and at most 0.5."""
    if isinstance(share, bool) or not isinstance(share, int | float | np.integer | np.floating):
        raise ValueError(f"minority_share must be a number, not {share!r}")
    if not (math.isfinite(share) and 0 < share <= 0.5):
        raise ValueError("minority_share must be above 0 and at most 0.5")
    return float(share)


class Applicants:
    """Where human data comes from: applicants of both groups and the people's decisions,
    which depend on the score in the same way for both groups unless `bias` (log-odds taken
    off the smaller group's chances: a historical bias) is above 0."""

    name = "applicants"

    def __init__(self, minority_share: float = 0.2, bias: float = 0.0):
        self.minority_share = check_share(minority_share)
        if isinstance(bias, bool) or not isinstance(bias, int | float) or not (
                math.isfinite(bias) and 0 <= bias <= MAX_BIAS):
            raise ValueError(f"bias must be a number from 0 to {MAX_BIAS}")
        self.bias = float(bias)

    def __repr__(self):
        return f"Applicants(minority_share={self.minority_share}, bias={self.bias})"

    def people_log_odds(self, group: np.ndarray, score: np.ndarray) -> np.ndarray:
        """The log-odds that people hire an applicant."""
        return PEOPLE_SLOPE * (score - PEOPLE_BAR) - self.bias * group

    def people_yes(self, group: np.ndarray, score: np.ndarray) -> np.ndarray:
        """The probability that people hire an applicant."""
        return sigmoid(self.people_log_odds(group, score))

    def people_rates(self) -> np.ndarray:
        """The share of each group's applicants (larger, smaller) that people hire, over every
        applicant who might apply: exact, the same every year, as neither group's scores
        change (only how many apply)."""
        # E[people_yes] over a group's scores, N(-gap * group, 1), by Gauss-Hermite quadrature
        # (exact to float precision for this smooth sigmoid with 64 nodes).
        nodes, weights = np.polynomial.hermite_e.hermegauss(64)
        group = np.array([[0.0], [1.0]])
        yes = self.people_yes(group, nodes - SCORE_GAP * group)
        return yes @ weights / np.sqrt(2 * np.pi)

    @staticmethod
    def draw(n: int, share: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """n applicants' groups (1: the smaller) and scores, the smaller group's share `share`."""
        group = (rng.random(n) < share).astype(float)
        return group, rng.standard_normal(n) - SCORE_GAP * group

    def decided(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n new applicants, with the original shares, as the people decided (rows of items)."""
        group, score = self.draw(n, self.minority_share, rng)
        decision = (rng.random(n) < self.people_yes(group, score)).astype(float)
        return np.stack([group, score, decision], axis=1)

    def original(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """The original sample: n applicants and the people's decisions."""
        return self.decided(n, rng)

    def human(self, original: np.ndarray, n: int, kind: str, rng: np.random.Generator
              ) -> np.ndarray:
        """n people-decided items: drawn again from the original sample, or fresh applicants
        (with the original shares: the people's decisions are a record, not this year's
        applicants)."""
        check_human_data(kind)
        if kind == "fresh":
            return self.decided(n, rng)
        return original[rng.integers(0, len(original), n)]
