"""What the learned detector sees of each kind of item: the candidates it judges one by one
(points, images, sentences), their features, its classifier, and which human ones are rare.

Candidates are "units": a 1-D point or an image is one item; a sentence is as many items as
it has words, and a training set of N words is cut from whole sentences (the last one cut).
scikit-learn is imported where a classifier is made (it is costly to import).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from collapse_core.digits_model import INK, SIDE, real_digits
from collapse_core.text import EOS, Corpus, concat_texts, sentence_bounds, take_words

RARE_SHARE = 0.1  # the rarest tenth of human items (1-D values, handwriting)
RARE_WORD_USES = 3  # a sentence is rare if it holds a word the corpus uses at most 3 times
Z_LIMIT = 1e3  # standardised values are clipped here: far enough to be "far", squared safely


def logistic_log_odds(classifier, x: np.ndarray) -> np.ndarray:
    """log P(AI-made) / P(human) of each row under a fitted logistic regression (its
    decision_function, without the input checks that cost more than the arithmetic here)."""
    return x @ classifier.coef_[0] + classifier.intercept_[0]


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


class ValueDetector(ArrayUnits):
    """1-D points: logistic regression on the value and its square, both measured in the
    source's standard deviations from its mean (a bell's log-odds against another bell are
    exactly such a quadratic)."""

    def __init__(self, source):
        self.source = source

    def __repr__(self):
        return f"ValueDetector({self.source.name})"

    def features(self, x: np.ndarray) -> np.ndarray:
        """(z, z^2) with z the standardised value."""
        dist = self.source.distribution
        z = np.clip((x - dist.mean) / dist.std, -Z_LIMIT, Z_LIMIT)
        return np.column_stack([z, z * z])

    @staticmethod
    def classifier(seed: int):
        """An unfitted logistic regression."""
        from sklearn.linear_model import LogisticRegression

        # liblinear: half lbfgs's time on two features (it shuffles, hence the seed).
        return LogisticRegression(solver="liblinear", class_weight="balanced", random_state=seed)

    log_odds = staticmethod(logistic_log_odds)

    def is_rare(self, x: np.ndarray) -> np.ndarray:
        """Values where the source is thinnest: together they hold RARE_SHARE of its mass."""
        return self.source.distribution.pdf(x) < _rare_density(self.source)


@lru_cache(maxsize=16)
def _rare_density(source) -> float:
    """The density below which a source holds RARE_SHARE of its mass (found on a fine grid)."""
    dist = source.distribution
    grid = np.unique(dist.support_grid())
    mass = np.diff(dist.cdf(grid))
    density = dist.pdf(0.5 * (grid[1:] + grid[:-1]))
    order = np.argsort(density)
    reached = np.searchsorted(np.cumsum(mass[order]), RARE_SHARE)
    return float(density[order][min(reached, order.size - 1)])


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
    from collapse_core.digits_metrics import read_digits

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


class SentenceDetector:
    """Sentences of a text: naive Bayes on word counts, with equal prior odds."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.rare_words = (corpus.word_counts >= 1) & (corpus.word_counts <= RARE_WORD_USES)

    def __repr__(self):
        return f"SentenceDetector({self.corpus.name!r})"

    @staticmethod
    def units(text: np.ndarray) -> list[np.ndarray]:
        """The sentences of a text (each ending with EOS)."""
        if not len(text):
            return []
        starts, ends = sentence_bounds(text)
        return [text[a:b] for a, b in zip(starts, ends, strict=True)]

    @staticmethod
    def pick(units: list, index: np.ndarray) -> list:
        """Some of the sentences, in the given order."""
        return [units[i] for i in index]

    @staticmethod
    def join(parts: list[list]) -> list:
        """Sentences of several parts, one after the other."""
        return [unit for part in parts for unit in part]

    @staticmethod
    def sizes(units: list) -> np.ndarray:
        """Words (EOS left out) in each sentence."""
        return np.array([np.count_nonzero(u != EOS) for u in units], np.int64)

    @staticmethod
    def assemble(units: list, n: int) -> np.ndarray:
        """The first n words of the sentences, one after the other."""
        return take_words(concat_texts(units), n)

    def _tokens(self, units: list) -> tuple[np.ndarray, np.ndarray]:
        """Every token but EOS, and the sentence it belongs to."""
        tokens = concat_texts(units)
        rows = np.repeat(np.arange(len(units)), [len(u) for u in units])
        keep = tokens != EOS
        return tokens[keep], rows[keep]

    def features(self, units: list):
        """Word counts per sentence (a sparse matrix over the corpus's vocabulary)."""
        from scipy.sparse import csr_matrix

        tokens, rows = self._tokens(units)
        return csr_matrix((np.ones(tokens.size), (rows, tokens)),
                          shape=(len(units), self.corpus.n_vocab))

    @staticmethod
    def classifier(seed: int):
        """An unfitted multinomial naive Bayes with equal prior odds."""
        from sklearn.naive_bayes import MultinomialNB

        return MultinomialNB(fit_prior=False)  # deterministic: the seed is unused

    @staticmethod
    def log_odds(classifier, x) -> np.ndarray:
        """log P(AI-made) / P(human) of each sentence under the fitted naive Bayes."""
        joint = x @ classifier.feature_log_prob_.T + classifier.class_log_prior_
        return joint[:, 1] - joint[:, 0]

    def is_rare(self, units: list) -> np.ndarray:
        """Sentences holding a word the whole corpus uses at most RARE_WORD_USES times."""
        tokens, rows = self._tokens(units)
        return np.bincount(rows, self.rare_words[tokens], minlength=len(units)) > 0
