"""Per-generation metrics of a character model and of the items it invented."""

from __future__ import annotations

import numpy as np

from collapse_core.families.neural.mlp import CharMLP
from collapse_core.families.neural.wordlists import WordList
from collapse_core.messages import N_
from collapse_core.monitor import Alarm

NEURAL_METRICS = {
    "perplexity": N_("How surprised the network is by real items it never saw, per character "
                     "(guessing blindly among all the characters would score their number). "
                     "Higher means it has forgotten more of what real items look like."),
    "distinct_share": N_("The share of its inventions that are different items: the number "
                         "of different ones divided by the number of all its inventions. 1 "
                         "means no two are alike; every repeat lowers it."),
    "letters": N_("How many different characters its inventions still use."),
    "mean_length": N_("The average length of its inventions, in characters."),
    "length_sd": N_("How much the lengths of its inventions vary (their standard deviation)."),
    "copy_share": N_("The share of its inventions that are copies of items of the human sample "
                     "the first network learned from."),
    "rare_letter_share": N_("The share of the characters it writes that are the human list's "
                            "rarest characters (together 5% of the human list's characters)."),
}


# The headline's warning line (the typical run is the median run by distinct share).
DISTINCT_HALVED = Alarm("distinct_share", "below", 0.5,
                        "the share of distinct inventions fell below half of generation 0's",
                        "fewer than half of generation 0's share of distinct inventions")


def perplexity(model: CharMLP, word_list: WordList) -> float:
    """exp of the mean surprise per character (END included) on the held-out items, each
    weighted by its frequency."""
    log_prob, lengths = model.log_prob(word_list.heldout)
    w = word_list.heldout_weights
    return float(np.exp(-(w * log_prob).sum() / (w * lengths).sum()))


def neural_metrics(model: CharMLP, produced: np.ndarray, original: np.ndarray,
                   word_list: WordList) -> dict[str, float]:
    """The NEURAL_METRICS of one run's generation."""
    produced = np.asarray(produced, dtype=str)
    lengths = np.char.str_len(produced)
    text = "".join(produced.tolist())
    rare = set(word_list.rare_characters)
    return {
        "perplexity": perplexity(model, word_list),
        "distinct_share": np.unique(produced).size / produced.size,
        "letters": float(len(set(text))),
        "mean_length": float(lengths.mean()),
        "length_sd": float(lengths.std()),
        "copy_share": float(np.isin(produced, original).mean()),
        "rare_letter_share": sum(c in rare for c in text) / max(1, len(text)),
    }
