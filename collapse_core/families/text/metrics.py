"""Per-generation metrics of a text model and of the text it produces."""

from __future__ import annotations

import numpy as np

from collapse_core.families.text.corpus import EOS, Corpus, take_words
from collapse_core.families.text.markov import MarkovModel
from collapse_core.monitor import Alarm

TEXT_METRICS = {
    "vocab_size": "How many different words (not counting punctuation) the model's text uses.",
    "distinct_ngrams": "How many different pairs of words in a row appear in the model's text.",
    "entropy": "How unpredictable the model's next word is, in bits: 0 means it always "
    "knows exactly what comes next.",
    "perplexity": "How surprised the model is by real human sentences it never saw: "
    "higher means it has forgotten more of how people really write.",
    "rare_word_survival": "The share of the rare words of the human text (used 3 times or "
    "fewer) that the model can still write.",
    "top_words": "The five words the model's text uses most often.",
}

# Warning lines on the metrics (collapse_core.monitor watches them).
VOCABULARY_HALVED = Alarm("vocab_size", "below", 0.5, "the vocabulary fell below half of "
                          "generation 0's", "fewer than half of generation 0's words")
RARE_WORDS_HALVED = Alarm("rare_word_survival", "below", 0.5, "more than half of the rare "
                          "words were lost", "fewer than half of the rare words")

PERPLEXITY_WORDS = 2_000  # held-out words scored; a fixed prefix, so generations compare


def text_metrics(
    model: MarkovModel, produced: np.ndarray, corpus: Corpus, rare_ids: np.ndarray
) -> dict:
    """The TEXT_METRICS of one generation: its fitted model and the text it produced."""
    produced = np.asarray(produced, dtype=np.int64)
    n_vocab = corpus.n_vocab
    counts = np.bincount(produced, minlength=n_vocab)
    counts[EOS] = 0
    counts[corpus.is_punct] = 0

    # Pairs of consecutive tokens inside a sentence (punctuation counts, EOS does not).
    a, b = produced[:-1], produced[1:]
    inside = (a != EOS) & (b != EOS)
    n_pairs = np.unique(a[inside] * n_vocab + b[inside]).size

    heldout = corpus.heldout
    if np.count_nonzero(heldout != EOS) > PERPLEXITY_WORDS:
        heldout = take_words(heldout, PERPLEXITY_WORDS)
    log2p = model.log2_prob(heldout, n_vocab=corpus.n_vocab)

    rare_ids = np.asarray(rare_ids)
    # With no rare words in the sample nothing rare could be lost: survival is 1.
    survival = np.isin(rare_ids, model.words_).mean() if rare_ids.size else 1.0

    used = np.flatnonzero(counts)
    top = used[np.lexsort((used, -counts[used]))][:5]
    return {
        "vocab_size": float(used.size),
        "distinct_ngrams": float(n_pairs),
        "entropy": float(model.entropy_bits()),
        "perplexity": float(2.0 ** -log2p.mean()) if log2p.size else float("nan"),
        "rare_word_survival": float(survival),
        "top_words": ", ".join(str(corpus.vocab[i]) for i in top),
    }
