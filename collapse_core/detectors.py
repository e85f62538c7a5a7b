"""What the learned detector's view of items shares across families: the rarest share of human
items, logistic log-odds, a naive Bayes judge of counts, and candidates that are the rows of an
array.

A family's detector (families/<family>/detector.py) says which candidates ("units") it judges
one by one (points, images, sentences), their features, its classifier, and which human ones
are rare. A 1-D point or an image is one item; a sentence is as many items as it has words, and
a training set of N words is cut from whole sentences (the last one cut). scikit-learn is
imported where a classifier is made (it is costly to import).
"""

from __future__ import annotations

import numpy as np

RARE_SHARE = 0.1  # the rarest tenth of human items (1-D values, handwriting)


def logistic_log_odds(classifier, x: np.ndarray) -> np.ndarray:
    """log P(AI-made) / P(human) of each row under a fitted logistic regression (its
    decision_function, without the input checks that cost more than the arithmetic here)."""
    return x @ classifier.coef_[0] + classifier.intercept_[0]


class NaiveBayesJudge:
    """Units judged by a multinomial naive Bayes on their counts, with equal prior odds."""

    @staticmethod
    def classifier(seed: int):
        """An unfitted multinomial naive Bayes with equal prior odds."""
        from sklearn.naive_bayes import MultinomialNB

        return MultinomialNB(fit_prior=False)  # deterministic: the seed is unused

    @staticmethod
    def log_odds(classifier, x) -> np.ndarray:
        """log P(AI-made) / P(human) of each unit under the fitted naive Bayes."""
        joint = x @ classifier.feature_log_prob_.T + classifier.class_log_prior_
        return joint[:, 1] - joint[:, 0]


class ArrayUnits:
    """Units that are the rows of an array, each one item."""

    @staticmethod
    def units(items: np.ndarray) -> np.ndarray:
        """The candidates in one run's items."""
        return items

    @staticmethod
    def pick(units: np.ndarray, index: np.ndarray) -> np.ndarray:
        """Some of the units, in the given order."""
        return units[index]

    @staticmethod
    def join(parts: list[np.ndarray]) -> np.ndarray:
        """Units of several parts, one after the other."""
        return np.concatenate(parts)

    @staticmethod
    def sizes(units: np.ndarray) -> np.ndarray:
        """How many items each unit is."""
        return np.ones(len(units), np.int64)

    @staticmethod
    def assemble(units: np.ndarray, n: int) -> np.ndarray:
        """One run's training set: the first n items of the units."""
        return units[:n]
