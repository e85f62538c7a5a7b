"""The tiny neural network's card: a character-level MLP language model retrained on its own
inventions."""

from __future__ import annotations

from collapse_core.families.neural.detector import ItemDetector
from collapse_core.families.neural.metrics import DISTINCT_HALVED
from collapse_core.family import Cost, FamilyCard, Number, Option


def _neural(corpus: str, corpus_text: str | bytes | None, context: int, hidden: int,
            top_k: int | None):
    """The reader's own list (`corpus_text`) takes the place of a named list; clear errors
    (ValueError, WordListError) for bad options."""
    from collapse_core.families.neural.experiment import NeuralExperiment
    from collapse_core.families.neural.wordlists import list_from_text, load_list

    word_list = list_from_text(corpus_text) if corpus_text is not None else load_list(corpus)
    return NeuralExperiment(word_list, context=context, hidden=hidden, top_k=top_k)


# 500 items a generation: each network learns them nearly by heart in 25 passes, and copying
# its own copies narrows the wall within 20-30 generations. Measured at these defaults on names
# (means of 4 runs at generations 0 / 12 / 24 / 30): distinct share 0.78 / 0.15 / 0.026 /
# 0.015, characters in use 25.8 / 19 / 11.5 / 9.3, perplexity 19 / 890 / 9,300 / 7,300.
#
# Cost: benchmarks/bench_neural.py on a busy 2-core machine, rounded up: names (0.02 s, 0.4 ms
# an item), Chinese words (0.05 s, 1.0 ms an item: 478 characters make a wider output layer).
# The card holds the dearer one, which a reader's own list (up to 400 characters) may also
# cost; the learned detector at N = 100 and 800: names 0.015 s and 0.017 s, Chinese words
# 0.026 s and 0.068 s.
NEURAL = FamilyCard(
    model="neural", family="neural", build=_neural,
    options=(
        Option("corpus", "names", "neural: names (English given names, default), zh-words "
               "(Chinese words), or the path of a UTF-8 file with one item per line"),
        Option("corpus_text", None),  # the reader's own list: not on the command line
        Option("context", 3, "neural: how many previous characters the network sees, 1 to 8 "
               "(default 3)", type=Number(int, 1, 8)),
        Option("hidden", 64, "neural: units in the network's hidden layer, 1 to 512 "
               "(default 64)", type=Number(int, 1, 512)),
        Option("top_k", None, "neural: choose only among the k likeliest next characters "
               "(default: all)", type=Number(int, 1)),
    ),
    sample_size=500, cost=Cost(0.05, 1.0e-3), learned_filter_cost=Cost(0.02, 0.1e-3),
    scales_with=("hidden", "context"),
    headline="distinct_share", alarm=DISTINCT_HALVED, detector=ItemDetector,
)
CARDS = (NEURAL,)
