"""Lists of short human-made items with their frequencies: English given names, Chinese words,
the reader's own list; and draws of human items from them.

Items are lower-cased strings. Every tenth distinct item (by frequency rank) is held out: the
networks never learn from it, and their perplexity is measured on it.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from collapse_core.messages import N_, ReaderError, reader_text
from collapse_core.once import loaded_once

HELDOUT_EVERY = 10
MAX_LIST_BYTES = 1_000_000
MIN_ITEMS = 30  # distinct items in the reader's own list
MAX_ITEM_CHARS = 30
MAX_CHARACTERS = 400  # distinct characters: the network's output layer grows with them
# Chinese words kept, most frequent first: 500 words of 2-4 characters use 478 characters. The
# output layer grows with the characters: with 1,000 words (742 characters) a generation took
# about 1.5 times as long (benchmarks/bench_neural.py).
ZH_WORDS = 500
RARE_SHARE = 0.1  # rare items: the least frequent ones, together this share of the draws
RARE_CHARACTER_SHARE = 0.05  # rare characters: the least used, together this share of uses

NAMES_CREDIT = N_(
    "English given names with their frequencies from the 1990 US census, as shipped in the "
    "MIT-licensed Python package names by Trey Hunner."
)
ZH_WORDS_CREDIT = N_(
    "Chinese words of two to four characters with their frequencies, from the dictionary of the "
    "MIT-licensed Python package jieba by Sun Junyi (its {words:,} most frequent such words)."
)
OWN_CREDIT = N_("Your own list (it stays in your session and is never stored).")
_HAN_WORD_RE = re.compile("[\u4e00-\u9fff]{2,4}")
_DICT_LINE_RE = re.compile("^([\u4e00-\u9fff]{2,4}) (\\d+)", re.MULTILINE)  # word count tag


class WordListError(ReaderError):
    """A list that cannot be used, with a message a reader understands (see ReaderError)."""


@dataclass(frozen=True, eq=False)
class WordList:
    """Distinct items and their probabilities (training part and held-out part), and the
    characters they use (`alphabet`, in code point order)."""

    name: str
    credit: str
    items: np.ndarray
    weights: np.ndarray
    heldout: np.ndarray
    heldout_weights: np.ndarray

    def __repr__(self):
        return (f"WordList({self.name!r}, {len(self.items):,} items + {len(self.heldout):,} "
                f"held out, {len(self.alphabet)} characters)")

    @cached_property
    def alphabet(self) -> str:
        """Every character of the items, held-out ones included."""
        return "".join(sorted(set("".join(self.items.tolist() + self.heldout.tolist()))))

    @cached_property
    def rare_items(self) -> frozenset[str]:
        """The least frequent training items, together RARE_SHARE of the draws."""
        order = np.argsort(self.weights, kind="stable")
        rare = np.cumsum(self.weights[order]) <= RARE_SHARE
        return frozenset(self.items[order[rare]].tolist())

    @cached_property
    def rare_characters(self) -> str:
        """The least used characters (in draws), together RARE_CHARACTER_SHARE of all uses."""
        uses: dict[str, float] = {}
        for item, weight in zip(self.items.tolist(), self.weights.tolist(), strict=True):
            for char in item:
                uses[char] = uses.get(char, 0.0) + weight
        chars = sorted(uses, key=lambda c: (uses[c], c))
        share = np.cumsum([uses[c] for c in chars]) / sum(uses.values())
        return "".join(sorted(c for c, s in zip(chars, share, strict=True)
                              if s <= RARE_CHARACTER_SHARE))

    @cached_property
    def language(self) -> str:
        """"zh" if most items are Chinese, else "en"."""
        han = sum(bool(_HAN_WORD_RE.search(item)) for item in self.items.tolist())
        return "zh" if 2 * han >= len(self.items) else "en"


def _word_list(name: str, credit: str, counts: dict[str, float]) -> WordList:
    """A WordList from item -> count, every HELDOUT_EVERY-th by rank held out."""
    ranked = sorted(counts, key=lambda item: -counts[item])  # stable: ties keep their order
    held = np.arange(len(ranked)) % HELDOUT_EVERY == HELDOUT_EVERY - 1
    if not held.any():
        held[-1] = True
    items = np.array(ranked)
    weights = np.array([counts[item] for item in ranked], dtype=float)
    arrays = (items[~held], weights[~held] / weights[~held].sum(),
              items[held], weights[held] / weights[held].sum())
    for array in arrays:
        array.setflags(write=False)
    return WordList(name, credit, *arrays)


@loaded_once
def english_names() -> WordList:
    """About 5,500 US given names (female and male lists summed), weighted by how many people
    bear them."""
    package = metadata.distribution("names")
    counts: dict[str, float] = {}
    for sex in ("female", "male"):
        path = Path(package.locate_file(f"names/dist.{sex}.first"))
        for line in path.read_text(encoding="ascii").splitlines():
            fields = line.split()
            if fields:
                name = fields[0].lower()
                counts[name] = counts.get(name, 0.0) + float(fields[1])
    return _word_list("English names", NAMES_CREDIT, counts)


@loaded_once
def chinese_words() -> WordList:
    """The ZH_WORDS most frequent Chinese words of two to four characters in jieba's dictionary,
    weighted by their counts there."""
    package = metadata.distribution("jieba")
    path = Path(package.locate_file("jieba/dict.txt"))
    counts: dict[str, float] = {}
    # Match by match, not findall: its list of 330,000 tuples doubled what parsing holds.
    for match in _DICT_LINE_RE.finditer(path.read_text(encoding="utf-8")):
        word = match[1]
        counts[word] = counts.get(word, 0.0) + float(match[2])
    # The first of equal counts first, as a stable sort by decreasing count keeps them.
    kept = heapq.nlargest(ZH_WORDS, counts, key=counts.__getitem__)
    return _word_list("Chinese words", ZH_WORDS_CREDIT, {w: counts[w] for w in kept})


BUILTIN_LISTS = {"names": english_names, "zh-words": chinese_words}


def list_from_text(text: str | bytes, name: str = "your list") -> WordList:
    """The reader's own list (one item per line, UTF-8; a repeated line counts again), or a
    WordListError saying why it can't be used."""
    text = reader_text(text, WordListError, _check_size)
    lines = [" ".join(line.split()).lower() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise WordListError("The list is empty.")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_ITEM_CHARS:
            raise WordListError(
                "Item {number} has {length} characters; an item may have at most {most} (put "
                "one name or word on each line).", number=number, length=len(line),
                most=MAX_ITEM_CHARS)
    counts: dict[str, float] = {}
    for line in lines:
        counts[line] = counts.get(line, 0.0) + 1.0
    if len(counts) < MIN_ITEMS:
        raise WordListError(
            "The list has only {items} different items; at least {least} are needed (one item "
            "per line).", items=len(counts), least=MIN_ITEMS)
    chars = len(set("".join(counts)))
    if chars > MAX_CHARACTERS:
        raise WordListError(
            "The list uses {chars} different characters; at most {most} keep the network "
            "small enough to train quickly.", chars=chars, most=MAX_CHARACTERS)
    return _word_list(name, OWN_CREDIT, counts)


def _check_size(n_bytes: int) -> None:
    """Raise WordListError if a list is larger than MAX_LIST_BYTES."""
    if n_bytes > MAX_LIST_BYTES:
        raise WordListError("The list is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
                            size_mb=n_bytes / 1e6, limit_mb=MAX_LIST_BYTES / 1e6)


def load_list(name_or_path: str) -> WordList:
    """A built-in list ('names', 'zh-words') or a UTF-8 file with one item per line."""
    if name_or_path in BUILTIN_LISTS:
        return BUILTIN_LISTS[name_or_path]()
    path = Path(name_or_path)
    if not path.is_file():
        raise WordListError(
            "There is no list called {name!r}: use {known} or a path to a UTF-8 file with one "
            "item per line.", name=name_or_path, known=", ".join(map(repr, BUILTIN_LISTS)))
    try:
        _check_size(path.stat().st_size)
        raw = path.read_bytes()
    except OSError as err:
        raise WordListError("The file {name!r} cannot be read ({reason}).", name=path.name,
                            reason=err.strerror) from err
    return list_from_text(raw, name=path.stem)


class WordSource:
    """Human items to draw from: independent draws by frequency from a list's training part."""

    def __init__(self, word_list: WordList):
        self.word_list = word_list

    def __repr__(self):
        return f"WordSource({self.word_list!r})"

    def original(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n items drawn by frequency (common items repeat; rare ones mostly do not come)."""
        wl = self.word_list
        return wl.items[rng.choice(len(wl.items), size=n, p=wl.weights)]

    def human(self, original: np.ndarray, n: int, kind: str, rng: np.random.Generator
              ) -> np.ndarray:
        """n human items: drawn from the kept original sample, or fresh from the list."""
        if kind == "fresh":
            return self.original(n, rng)
        if kind != "original":
            raise ValueError(f"human_data must be 'original' or 'fresh', not {kind!r}")
        return rng.choice(original, size=n, replace=False)
