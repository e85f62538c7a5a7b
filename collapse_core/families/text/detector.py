"""What the learned detector sees of a text: its sentences, as word counts."""

from __future__ import annotations

import numpy as np

from collapse_core.detectors import NaiveBayesJudge
from collapse_core.families.text.corpus import (
    EOS,
    Corpus,
    concat_texts,
    sentence_bounds,
    take_words,
)

RARE_WORD_USES = 3  # a sentence is rare if it holds a word the corpus uses at most 3 times


class SentenceDetector(NaiveBayesJudge):
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

    def is_rare(self, units: list) -> np.ndarray:
        """Sentences holding a word the whole corpus uses at most RARE_WORD_USES times."""
        tokens, rows = self._tokens(units)
        return np.bincount(rows, self.rare_words[tokens], minlength=len(units)) > 0
