"""The recursion's view of the tiny neural network and its word list: how to mix, measure
and show."""

from __future__ import annotations

import numpy as np

from collapse_core.batch import ArrayItems, PerRun, columns
from collapse_core.families.neural.detector import ItemDetector
from collapse_core.families.neural.metrics import neural_metrics
from collapse_core.families.neural.mlp import END, CharMLP, encode
from collapse_core.families.neural.wordlists import WordList, WordSource

WALL = 40  # invented items kept per generation of the example run, to show (a random sample:
# the network draws each item independently)


class NeuralExperiment(ArrayItems):
    """A word list and a factory of fresh character-level networks (one per run)."""

    def __init__(self, word_list: WordList, context: int = 3, hidden: int = 64,
                 top_k: int | None = None, **training):
        self.word_list = word_list
        self.source = WordSource(word_list)
        longest = max(len(item) for item in [*word_list.items, *word_list.heldout])
        self.max_length = max(8, 2 * longest)
        self.options = {"context": context, "hidden": hidden, "top_k": top_k,
                        "max_length": self.max_length, **training}
        self.new_network()  # check the options once, before any run starts
        self.item_bytes = 4 * self.max_length  # a string of UCS-4 characters
        self.detector = ItemDetector(word_list)  # what a learned filter sees of the items

    def __repr__(self):
        return f"NeuralExperiment({self.word_list.name!r}, {self.new_network()!r})"

    def new_network(self) -> CharMLP:
        """One unfitted network."""
        return CharMLP(self.word_list.alphabet, **self.options)

    def new_model(self) -> PerRun:
        """Fresh, unfitted networks, one per run (each fit is many small steps of its own)."""
        return PerRun(self.new_network, np.stack)

    def measure(self, model, produced, original) -> dict[str, np.ndarray]:
        """Metrics of each run's network and of the items it invented."""
        return columns([neural_metrics(model[i], items, human, self.word_list)
                        for i, (items, human) in enumerate(zip(produced, original, strict=True))])

    def _counts(self, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """How often each character is used, and how many items have each length."""
        ids = encode(items, self.word_list.alphabet)
        letters = np.bincount(ids.ravel(), minlength=len(self.word_list.alphabet) + 1)[1:]
        lengths = np.bincount(np.argmax(ids == END, axis=1), minlength=self.max_length + 1)
        return letters, lengths

    def snapshot(self, model, produced, original, run: int) -> dict:
        """One run's wall of inventions, its most repeated invention and how often it comes,
        its character counts and length histogram."""
        letters, lengths = self._counts(produced[run])
        items, counts = np.unique(produced[run], return_counts=True)
        top = int(np.argmax(counts))
        return {"wall": produced[run][:WALL].tolist(), "top": (str(items[top]), int(counts[top])),
                "letters": letters, "lengths": lengths}

    def collect(self, snapshots: list, original: np.ndarray) -> dict:
        """Walls, most repeated inventions, character counts and lengths of every generation,
        and the human sample's."""
        letters, lengths = self._counts(original)
        return {
            "walls": [s["wall"] for s in snapshots],
            "tops": [s["top"] for s in snapshots],  # (item, count among all N) per generation
            "letters": np.stack([s["letters"] for s in snapshots]),  # (G+1, characters)
            "lengths": np.stack([s["lengths"] for s in snapshots]),  # (G+1, max_length + 1)
            "human_wall": original[:WALL].tolist(),
            "human_letters": letters,
            "human_lengths": lengths,
            "alphabet": self.word_list.alphabet,
            "rare_characters": self.word_list.rare_characters,
            "corpus": self.word_list.name,
            "credit": self.word_list.credit,
            "language": self.word_list.language,
        }
