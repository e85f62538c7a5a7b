"""The recursion's view of a Markov text model and its corpus: how to mix, measure and show."""

from __future__ import annotations

import numpy as np

from collapse_core.batch import PerRun, columns
from collapse_core.families.text.corpus import (
    EOS,
    Corpus,
    concat_texts,
    corpus_from_text,
    count_words,
    detokenize,
    load_corpus,
    take_words,
    text_source,
)
from collapse_core.families.text.detector import SentenceDetector
from collapse_core.families.text.markov import MarkovModel
from collapse_core.families.text.metrics import text_metrics

PASSAGE_WORDS = 60
RANKS_KEPT = 1000


class TextExperiment:
    """A text corpus and a factory of fresh word-level Markov models (one per run)."""

    item_bytes = 5  # an int32 token per word, and an EOS per sentence

    def __init__(self, corpus: Corpus, order: int = 2, top_k: int | None = None):
        MarkovModel(order, top_k)  # check the options once, before any run starts
        self.corpus = corpus
        self.source = text_source(corpus)
        self.order, self.top_k = order, top_k
        self.detector = SentenceDetector(corpus)  # what a learned filter sees of the text

    @classmethod
    def from_corpus_name(cls, name: str, order: int = 2, top_k: int | None = None):
        """A built-in corpus (a key of BUILTIN_CORPORA) or the path of a UTF-8 text file."""
        return cls(load_corpus(name), order, top_k)

    @classmethod
    def from_text(cls, text: str | bytes, order: int = 2, top_k: int | None = None):
        """The reader's own text (pasted or uploaded)."""
        return cls(corpus_from_text(text), order, top_k)

    def __repr__(self):
        return f"TextExperiment({self.corpus.name}, order={self.order}, top_k={self.top_k})"

    def new_model(self) -> PerRun:
        """Fresh, unfitted models, one per run: a run's text shares no arithmetic with others'."""
        return PerRun(lambda: MarkovModel(self.order, self.top_k), list)

    @staticmethod
    def stack(texts: list[np.ndarray]) -> list[np.ndarray]:
        """The runs' texts as one batch (a list: texts differ in length)."""
        return list(texts)

    @staticmethod
    def take(texts: list[np.ndarray], n: int) -> list[np.ndarray]:
        """The first n words of every run's text."""
        return [take_words(text, n) for text in texts]

    @staticmethod
    def concat(parts: list[list[np.ndarray]]) -> list[np.ndarray]:
        """Every run's texts, one after the other."""
        return [concat_texts(texts) for texts in zip(*parts, strict=True)]

    def measure(self, model, produced, original) -> dict[str, np.ndarray]:
        """Metrics of each run's fitted model and of the text it produced."""
        return columns([text_metrics(model[i], text, self.corpus, self.source.rare_words(human))
                        for i, (text, human) in enumerate(zip(produced, original, strict=True))])

    def _word_counts(self, ids: np.ndarray) -> np.ndarray:
        """How often each vocabulary word occurs in a text (punctuation and EOS count 0)."""
        counts = np.bincount(ids, minlength=self.corpus.n_vocab)
        counts[EOS] = 0
        counts[self.corpus.is_punct] = 0
        return counts

    def snapshot(self, model, produced, original, run: int) -> dict:
        """One run's passage, rank-frequency curve and the words its model can still write."""
        model, produced = model[run], produced[run]
        counts = self._word_counts(produced)
        ranked = np.sort(counts[counts > 0])[::-1][:RANKS_KEPT]
        return {
            "passage": detokenize(take_words(produced, min(PASSAGE_WORDS, count_words(produced))),
                                  self.corpus.vocab),
            "ranked": ranked,
            "words": np.asarray(model.words_),
        }

    def collect(self, snapshots: list, original: np.ndarray) -> dict:
        """Passages, Zipf curves, and which of the human sample's words each generation kept."""
        ranked = np.zeros((len(snapshots), RANKS_KEPT), dtype=np.int32)
        for g, snap in enumerate(snapshots):
            ranked[g, : snap["ranked"].size] = snap["ranked"]
        # Words of the human sample, most frequent first.
        counts = self._word_counts(original)
        words = np.flatnonzero(counts)
        words = words[np.argsort(-counts[words], kind="stable")]
        kept = np.stack([np.isin(words, snap["words"]) for snap in snapshots])
        return {
            "passages": [snap["passage"] for snap in snapshots],
            "ranked": ranked,
            "human_words": [str(self.corpus.vocab[i]) for i in words],
            "human_counts": counts[words],
            "kept": kept,
            "corpus": self.corpus.name,
            "credit": self.corpus.credit,
        }
