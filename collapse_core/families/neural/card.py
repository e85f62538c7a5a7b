"""The tiny neural network's family card: what the rest of the lab needs to know about it by
name (how to build it, its options, cost, headline metric, alarm, yardstick, detector), in
plain constants and functions, to be registered with the other families."""

from __future__ import annotations

from collapse_core.families.neural.experiment import NeuralExperiment
from collapse_core.families.neural.metrics import NEURAL_METRICS
from collapse_core.families.neural.wordlists import BUILTIN_LISTS, list_from_text, load_list
from collapse_core.messages import N_
from collapse_core.monitor import Alarm
from collapse_core.settings import Settings
from collapse_core.work import mean_training_items

NAME = "neural"
TITLE = N_("A tiny neural network")
OPTIONS = {"corpus": "names", "context": 3, "hidden": 64, "top_k": None}
# The ranges the CLI checks (the network checks them too, with the option's name).
OPTION_RANGES = {"context": (1, 8), "hidden": (1, 512), "top_k": (1, None)}
OPTION_HELP = {
    "corpus": "neural: names (English given names, default), zh-words (Chinese words), or the "
    "path of a UTF-8 file with one item per line",
    "context": "neural: how many previous characters the network sees, 1 to 8 (default 3)",
    "hidden": "neural: units in the network's hidden layer, 1 to 512 (default 64)",
    "top_k": "neural: choose only among the k likeliest next characters (default: all)",
}
# 500 items a generation: each network learns them nearly by heart in 25 passes (about 0.15 s
# of CPU for names), and copying its own copies narrows the wall within 20-30 generations.
# Measured at these defaults on names (means of 4 runs at generations 0 / 12 / 24 / 30):
# distinct share 0.78 / 0.15 / 0.026 / 0.015, characters in use 25.8 / 19 / 11.5 / 9.3,
# perplexity 19 / 890 / 9,300 / 7,300.
DEFAULT_SAMPLE_SIZE = 500
# CPU seconds of one generation of one run at the default network, per built-in list: a fixed
# part (measuring perplexity, sampling) and a part per item (25 passes of training); measured
# with benchmarks/bench_neural.py on a busy 2-core machine, then rounded up. A reader's own list
# is costed like Chinese words (it may have up to 400 characters).
GENERATION_COST = {"names": (0.02, 0.4e-3), "zh-words": (0.05, 1.0e-3)}
# What the learned filter adds to a generation (20% fresh human data), as GENERATION_COST:
# measured with benchmarks/bench_neural.py (at N = 100 and 800: names 0.015 s and 0.017 s,
# Chinese words 0.026 s and 0.068 s), then rounded up.
LEARNED_FILTER_COST = (0.02, 0.1e-3)
HEADLINE = "distinct_share"  # the metric whose median run is drawn
DISTINCT_HALVED = Alarm("distinct_share", "below", 0.5,
                        "the share of distinct inventions fell below half of generation 0's",
                        "fewer than half of generation 0's share of distinct inventions")
ALARM = DISTINCT_HALVED
# What Compare ranks strategies by: (metric, its words, whether higher is better).
YARDSTICK = ("distinct_share", N_("share of distinct inventions"), True)
METRICS = NEURAL_METRICS


def build(corpus: str = "names", corpus_text: str | bytes | None = None, context: int = 3,
          hidden: int = 64, top_k: int | None = None) -> NeuralExperiment:
    """The experiment with its options; clear errors (ValueError, WordListError) for bad ones.
    `corpus_text` (the reader's own list) takes the place of a named list."""
    word_list = list_from_text(corpus_text) if corpus_text is not None else load_list(corpus)
    return NeuralExperiment(word_list, context=context, hidden=hidden, top_k=top_k)


def generation_cost(corpus: str = "names", hidden: int = 64, context: int = 3
                    ) -> tuple[float, float]:
    """(seconds, seconds per item) of one generation of one run: GENERATION_COST scaled with
    the network's size (at least the default's)."""
    fixed, per_item = GENERATION_COST.get(corpus, GENERATION_COST["zh-words"])
    size = max(1.0, hidden / OPTIONS["hidden"]) * max(1.0, context / OPTIONS["context"])
    return fixed * size, per_item * size


def estimated_seconds(settings: Settings, corpus: str = "names", hidden: int = 64,
                      context: int = 3, **_options) -> float:
    """Estimated CPU seconds of every run and generation of `settings` (generation_cost, and
    the learned detector's when it is on)."""
    fixed, per_item = generation_cost(corpus, hidden, context)
    seconds = fixed + per_item * mean_training_items(settings)
    if settings.filter in ("learned", "detect"):
        filter_fixed, filter_per_item = LEARNED_FILTER_COST
        seconds += filter_fixed + filter_per_item * settings.sample_size
    return settings.runs * (settings.generations + 1) * seconds


def detector(experiment: NeuralExperiment):
    """What the learned filter sees of the items (character-pair naive Bayes)."""
    return experiment.detector


CORPORA = tuple(BUILTIN_LISTS)
