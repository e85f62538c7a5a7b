"""What the learned detector sees of invented items: character pairs, naive Bayes on them."""

from __future__ import annotations

import numpy as np

from collapse_core.detectors import ArrayUnits, NaiveBayesJudge
from collapse_core.families.neural.mlp import END, encode, examples
from collapse_core.families.neural.wordlists import WordList


class ItemDetector(NaiveBayesJudge, ArrayUnits):
    """Items (names, words): multinomial naive Bayes on the counts of each pair of
    consecutive characters, start and end included, with equal prior odds."""

    def __init__(self, word_list: WordList):
        self.word_list = word_list
        self.n_ids = len(word_list.alphabet) + 1

    def __repr__(self):
        return f"ItemDetector({self.word_list.name!r})"

    def features(self, items: np.ndarray):
        """Character-pair counts per item (a sparse matrix over every pair of ids)."""
        from scipy.sparse import csr_matrix

        ids = encode(items, self.word_list.alphabet)
        previous, following = examples(ids, 1)
        rows = np.repeat(np.arange(len(ids)), np.argmax(ids == END, axis=1) + 1)
        return csr_matrix((np.ones(len(rows)), (rows, previous[:, 0] * self.n_ids + following)),
                          shape=(len(ids), self.n_ids * self.n_ids))

    def is_rare(self, items: np.ndarray) -> np.ndarray:
        """Items among the list's rarest (together a tenth of the draws)."""
        return np.isin(np.asarray(items, dtype=str), list(self.word_list.rare_items))
