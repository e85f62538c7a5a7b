"""The text family's card: a word-level Markov chain retrained on the text it writes."""

from __future__ import annotations

from collapse_core.families.text.detector import SentenceDetector
from collapse_core.families.text.metrics import RARE_WORDS_HALVED, VOCABULARY_HALVED
from collapse_core.family import Cost, FamilyCard, FilterSetup, Number, Option, Yardstick


def _markov(order: int, top_k: int | None, corpus: str, corpus_text: str | bytes | None):
    """The reader's own text (`corpus_text`) takes the place of a named corpus."""
    from collapse_core.families.text.experiment import TextExperiment

    if corpus_text is not None:
        return TextExperiment.from_text(corpus_text, order=order, top_k=top_k)
    return TextExperiment.from_corpus_name(corpus, order=order, top_k=top_k)


MARKOV = FamilyCard(
    model="markov", family="text", build=_markov,
    options=(
        Option("order", 2, "markov: how many previous words pick the next one, 1 to 4 "
               "(default 2)", type=Number(int, 1, 4)),
        Option("top_k", None, "markov: choose only among the k likeliest next words (default: "
               "all)", type=Number(int, 1)),
        Option("corpus", "kjv", "markov: kjv (King James Bible, default), python-docs (Python's "
               "documentation), three-kingdoms (Romance of the Three Kingdoms, in Chinese), or "
               "the path of a UTF-8 .txt file in English, Chinese or both"),
        Option("corpus_text", None),  # the reader's own text: not on the command line
    ),
    sample_size=5000, cost=Cost(1.5e-3, 0.4e-6), learned_filter_cost=Cost(10e-3, 2.5e-6),
    headline="vocab_size", alarm=VOCABULARY_HALVED, detector=SentenceDetector,
    # The rare words counted are the first human sample's: fresh human text brings rare words
    # of its own, which keep the model's vocabulary alive but are not counted.
    yardstick=Yardstick("rare_word_survival", True, RARE_WORDS_HALVED, percent=True,
                        caveats=("fresh", "filter", "filter-learned")),
    compare_charts=(("rare_word_survival", True), ("vocab_size", False), ("perplexity", False)),
    filter_setup=FilterSetup((("corpus", "kjv"),), 30, 2000, 3),
)
CARDS = (MARKOV,)
