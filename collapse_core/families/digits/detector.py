"""What the learned detector sees of 8 x 8 digits: their pixels; unusual handwriting is rare."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from collapse_core.detectors import RARE_SHARE, ArrayUnits, logistic_log_odds
from collapse_core.families.digits.metrics import read_digits
from collapse_core.families.digits.model import INK, SIDE, real_digits


class ImageDetector(ArrayUnits):
    """8 x 8 digits: logistic regression on the 64 pixels."""

    def __repr__(self):
        return "ImageDetector()"

    @staticmethod
    def features(images: np.ndarray) -> np.ndarray:
        """Pixels from 0 (paper) to 1 (full ink)."""
        return np.asarray(images, float).reshape(-1, SIDE * SIDE) / INK

    @staticmethod
    def classifier(seed: int):
        """An unfitted logistic regression."""
        from sklearn.linear_model import LogisticRegression

        # lbfgs: deterministic, the seed is unused.
        return LogisticRegression(class_weight="balanced", max_iter=200)

    log_odds = staticmethod(logistic_log_odds)

    @staticmethod
    def is_rare(images: np.ndarray) -> np.ndarray:
        """Unusual handwriting: images farther from the average image of the digit the
        classifier reads in them than RARE_SHARE of the real digits are."""
        means, limit = _handwriting_reference()
        return _distance_from_mean(images, means) > limit


def _distance_from_mean(images: np.ndarray, means: np.ndarray) -> np.ndarray:
    """Each image's distance from the average image of the digit read in it."""
    x = np.asarray(images, float).reshape(-1, SIDE * SIDE)
    if not len(x):
        return np.empty(0)
    return np.linalg.norm(x - means[read_digits(x)], axis=1)


@lru_cache(maxsize=1)
def _handwriting_reference() -> tuple[np.ndarray, float]:
    """The real pool's average image per digit, and the distance only RARE_SHARE exceed."""
    real = real_digits()
    means = np.stack([real.images[real.labels == d].mean(axis=0) for d in range(10)])
    return means, float(np.quantile(_distance_from_mean(real.images, means), 1 - RARE_SHARE))
