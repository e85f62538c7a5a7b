"""A word-level n-gram Markov model of text, fitted and sampled with vectorised numpy."""

from __future__ import annotations

import numbers

import numpy as np

from collapse_core.families.text.corpus import EOS, CorpusError, count_words, take_words

MAX_SENTENCE_WORDS = 200  # a sampled sentence is cut (ended with EOS) after this many words
MAX_STREAMS = 16_384  # sentences generated side by side; bounds the (201 x streams) buffer
SMOOTHING_WEIGHT = 0.9  # lam in lam * P_ml(w | context) + (1 - lam) * P_unigram(w)


class MarkovModel:
    """Word-level n-gram model: the next word depends on the previous `order` words.

    Words are all tokens except EOS (punctuation marks are words). Each sentence is preceded
    by `order` start-of-sentence pads, so sentence starts are learned too. Decoding: the
    probabilities p are raised to 1/temperature and renormalised; `top_k` keeps only the k
    most likely next words of every context (ties: the smaller id wins).
    """

    def __init__(self, order: int = 2, top_k: int | None = None):
        self.order = order
        self.top_k = top_k
        if isinstance(order, bool) or not isinstance(order, numbers.Integral) or not (
            1 <= order <= 4
        ):
            raise ValueError(f"order must be an integer from 1 to 4, got {order!r}.")
        if top_k is not None and (
            isinstance(top_k, bool) or not isinstance(top_k, numbers.Integral) or top_k < 1
        ):
            raise ValueError(f"top_k must be None or an integer >= 1, got {top_k!r}.")

    def __repr__(self) -> str:
        return f"MarkovModel(order={self.order}, top_k={self.top_k})"

    # ---- fitting -------------------------------------------------------------------------

    def fit(
        self, ids: np.ndarray, rng: np.random.Generator | None = None, *, n_vocab: int | None = None
    ) -> MarkovModel:
        """Count context -> next-word transitions of a text (rng is unused: fitting is exact).

        n_vocab is the size of the vocabulary the ids live in (default: largest id + 1).
        """
        ids = np.asarray(ids)
        if ids.ndim != 1 or not (ids.size == 0 or np.issubdtype(ids.dtype, np.integer)):
            raise ValueError("ids must be a 1-D array of integer token ids.")
        if ids.size and ids.min() < 0:
            raise ValueError("ids must be non-negative token ids.")
        n_words = count_words(ids)
        if n_words < self.order + 1:
            raise CorpusError(
                f"The text has only {n_words} words; an order-{self.order} model needs at "
                f"least {self.order + 1}."
            )
        ids = _normalise(ids.astype(np.int64))
        V = int(ids.max()) + 1 if n_vocab is None else int(n_vocab)
        if ids.max() >= V:
            raise ValueError(f"n_vocab={V} is too small: the text holds the id {int(ids.max())}.")
        self.vocab_size_ = V
        base = V + 1  # shifted tokens: 0 is the start-of-sentence pad, a word w is w + 1

        padded, targets = _pad_sentences(ids + 1, self.order)
        # Context ids are built one word at a time, nearest word first, so keys never overflow:
        # ctx_k = rank of ctx_{k-1} * (V + 1) + w_{-k} among the keys seen, and ctx_k < len(ids).
        keys, ctx, seen = _group(padded[targets - 1])
        self.level_keys_ = [keys]
        for k in range(2, self.order + 1):
            keys, ctx, _ = _group(ctx * base + padded[targets - k])
            self.level_keys_.append(keys)
        # Every word but EOS is followed by exactly one token, so its count as the nearest
        # context word is its count as a next word; EOS is counted by the pads after it.
        self.unigram_ids_ = np.where(self.level_keys_[0] == 0, EOS, self.level_keys_[0] - 1)
        self.unigram_counts_ = seen
        self.words_ = self.unigram_ids_[1:].astype(np.int32)
        self.n_contexts_ = n_ctx = len(self.level_keys_[-1])
        self.n_transitions_ = int(targets.size)
        self.mean_sentence_words_ = n_words / int(seen[0])
        self.bos_context_ = int(ctx[0])

        nxt = padded[targets] - 1
        pair_keys, inverse, counts = _group(ctx * base + nxt + 1)
        # The context reached after a transition is the context of the next position (after
        # EOS: the start of a sentence), so it was always seen: sampling meets no dead end.
        successor = np.empty(pair_keys.size, dtype=np.int64)
        successor[inverse] = np.where(nxt == EOS, self.bos_context_, np.roll(ctx, -1))
        self.pair_keys_, self.pair_counts_ = pair_keys, counts

        # CSR rows: per context, its next words (sorted by id) with counts and successors.
        rows = pair_keys // base
        self.offsets_ = np.searchsorted(rows, np.arange(n_ctx + 1))
        self.next_ids_ = (pair_keys % base - 1).astype(np.int32)
        self.next_counts_ = counts
        self.successor_ = successor
        self.row_counts_ = np.add.reduceat(counts, self.offsets_[:-1])
        if self.top_k is not None:
            # Rank within the row by decreasing count, ties: the smaller id first.
            order = np.lexsort((self.next_ids_, -counts, rows))
            self.next_rank_ = np.empty(rows.size, dtype=np.int64)
            self.next_rank_[order] = np.arange(rows.size) - self.offsets_[rows]
        return self

    def _context_ids(self, ctx_words: np.ndarray) -> np.ndarray:
        """Context ids of rows of shifted words (oldest first); -1 where never seen."""
        base = self.vocab_size_ + 1
        ctx = np.zeros(len(ctx_words), dtype=np.int64)
        found = np.ones(len(ctx_words), dtype=bool)
        for k, keys in enumerate(self.level_keys_, start=1):
            key = ctx_words[:, -1] if k == 1 else ctx * base + ctx_words[:, -k]
            ctx = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            found &= keys[ctx] == key
        return np.where(found, ctx, -1)

    # ---- probabilities ---------------------------------------------------------------------

    def _probabilities(self, temperature: float) -> np.ndarray:
        """Next-word probability of every CSR entry under temperature and top_k."""
        if not (np.isfinite(temperature) and temperature > 0):
            raise ValueError(f"temperature must be a positive number, got {temperature!r}.")
        starts, lengths = self.offsets_[:-1], np.diff(self.offsets_)
        if temperature == 1.0:
            w = self.next_counts_.astype(float)
        else:
            logc = np.log(self.next_counts_.astype(float))
            # Subtracting each row's largest log-count keeps exp() in range at any temperature.
            w = np.exp((logc - np.repeat(np.maximum.reduceat(logc, starts), lengths)) / temperature)
        if self.top_k is not None:
            w[self.next_rank_ >= self.top_k] = 0.0
        return w / np.repeat(np.add.reduceat(w, starts), lengths)

    def next_word_probabilities(
        self, context_ids=(), temperature: float = 1.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """Next-word ids (sorted) and probabilities after a text; empty if the context is unseen.

        Only the words after the text's last EOS count, padded at the start of the sentence.
        """
        ctx_text = np.asarray(context_ids, dtype=np.int64)
        eos = np.flatnonzero(ctx_text == EOS)
        sentence = ctx_text[eos[-1] + 1 :] if eos.size else ctx_text
        words = np.zeros(self.order, np.int64)
        tail = sentence[len(sentence) - self.order :] if len(sentence) >= self.order else sentence
        words[self.order - len(tail) :] = tail + 1
        row = int(self._context_ids(words[None, :])[0])
        if row < 0:
            return np.empty(0, np.int32), np.empty(0)
        p = self._probabilities(temperature)
        sl = slice(self.offsets_[row], self.offsets_[row + 1])
        ids, probs = self.next_ids_[sl], p[sl]
        keep = probs > 0
        order = np.argsort(ids[keep])
        return ids[keep][order], probs[keep][order]

    def entropy_bits(self, temperature: float = 1.0) -> float:
        """Entropy in bits per token (EOS included) of the next-word choice, averaged over
        contexts weighted by their share of the training transitions."""
        p = self._probabilities(temperature)
        h_entry = -p * np.log2(np.where(p > 0, p, 1.0))
        h_row = np.add.reduceat(h_entry, self.offsets_[:-1])
        return float(max(0.0, h_row @ self.row_counts_ / self.n_transitions_))

    def log2_prob(self, ids: np.ndarray, n_vocab: int | None = None) -> np.ndarray:
        """log2 of the smoothed probability of each token (EOS included) of a held-out text.

        P(w | ctx) = 0.9 * P_ml(w | ctx) + 0.1 * P_uni(w) when ctx was seen in training, and
        P_uni(w) alone when it was not, so every P is a proper distribution and > 0.
        P_uni(w) = (count(w) + 1) / (N + n_vocab + 1): add-one smoothing over the N training
        tokens and the whole corpus vocabulary, plus one slot for unknown words.
        """
        V = self.vocab_size_ if n_vocab is None else int(n_vocab)
        ids = _normalise(np.asarray(ids, dtype=np.int64))
        if ids.size == 0:
            return np.empty(0)
        Vm = self.vocab_size_
        known = ids < Vm
        pos = np.minimum(np.searchsorted(self.unigram_ids_, ids), len(self.unigram_ids_) - 1)
        count = np.where(self.unigram_ids_[pos] == ids, self.unigram_counts_[pos], 0)
        p_uni = (count + 1.0) / (self.n_transitions_ + V + 1)

        shifted = np.where(known, ids + 1, Vm + 1)  # Vm + 1: a word the model never saw
        padded, targets = _pad_sentences(shifted, self.order)
        windows = padded[targets[:, None] + np.arange(-self.order, 0)]
        ctx = self._context_ids(np.minimum(windows, Vm))
        ctx[(windows > Vm).any(axis=1)] = -1
        seen = ctx >= 0
        key = np.where(seen, ctx, 0) * (Vm + 1) + np.minimum(padded[targets], Vm)
        pos = np.minimum(np.searchsorted(self.pair_keys_, key), len(self.pair_keys_) - 1)
        hit = seen & known & (self.pair_keys_[pos] == key)
        pair = np.where(hit, self.pair_counts_[pos], 0)
        p_ml = pair / np.where(seen, self.row_counts_[np.where(seen, ctx, 0)], 1)
        lam = np.where(seen, SMOOTHING_WEIGHT, 0.0)
        return np.log2(lam * p_ml + (1 - lam) * p_uni)

    def perplexity(self, ids: np.ndarray, n_vocab: int | None = None) -> float:
        """Perplexity (2 ** average surprise in bits) of the smoothed model on a text."""
        lp = self.log2_prob(ids, n_vocab)
        return float(2.0 ** -lp.mean()) if lp.size else float("nan")

    # ---- sampling --------------------------------------------------------------------------

    def sample(self, n: int, rng: np.random.Generator, temperature: float = 1.0) -> np.ndarray:
        """Exactly n words of generated text (whole sentences, the last one cut), ending in EOS."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}.")
        if n == 0:
            self._probabilities(temperature)  # still validates the temperature
            return np.empty(0, dtype=np.int32)
        draw = self._sampler(temperature)
        pieces, produced = [], 0
        while produced < n:
            # Enough independent sentences, generated in parallel, to likely reach n at once.
            n_streams = int(np.ceil(1.1 * (n - produced) / self.mean_sentence_words_))
            text = self._sample_sentences(min(n_streams, MAX_STREAMS), draw, rng)
            pieces.append(text)
            produced += count_words(text)
        return take_words(np.concatenate(pieces), n)

    def _sampler(self, temperature: float):
        """A function (contexts, uniforms in [0, 1)) -> (next words, next contexts)."""
        p = self._probabilities(temperature)
        keep = p > 0  # top_k or a tiny temperature zero some entries: leave them out
        next_ids, successor = self.next_ids_[keep], self.successor_[keep]
        if temperature == 1.0:
            # An urn per context holding each next word as often as it was seen: one uniform
            # picks a slot, exactly P = count / total, in O(1).
            counts = self.next_counts_[keep]
            totals = np.add.reduceat(np.where(keep, self.next_counts_, 0), self.offsets_[:-1])
            starts = np.cumsum(totals) - totals
            urn_ids, urn_successor = np.repeat(next_ids, counts), np.repeat(successor, counts)

            def draw(ctx, u):
                size = totals[ctx]
                slot = starts[ctx] + np.minimum((u * size).astype(np.int64), size - 1)
                return urn_ids[slot], urn_successor[slot]

            return draw
        # Otherwise one cumulative scale for all rows: row r covers (2r, 2r + 1], so searching
        # 2r + u with side="left" stays in row r despite round-off, one searchsorted for all.
        p = p[keep]
        lengths = np.add.reduceat(keep.astype(np.int64), self.offsets_[:-1])
        starts = np.cumsum(lengths) - lengths
        cum = np.cumsum(p)
        within = cum - np.repeat(cum[starts] - p[starts], lengths)
        within[starts + lengths - 1] = 1.0
        cum = np.repeat(np.arange(0.0, 2.0 * self.n_contexts_, 2.0), lengths) + within

        def draw(ctx, u):
            entry = np.searchsorted(cum, 2.0 * ctx + u)
            return next_ids[entry], successor[entry]

        return draw

    def _sample_sentences(self, n_streams: int, draw, rng: np.random.Generator) -> np.ndarray:
        """n_streams independent complete sentences, one after the other."""
        out = np.full((MAX_SENTENCE_WORDS + 1, n_streams), -1, dtype=np.int32)
        active = np.arange(n_streams)
        ctx = np.full(n_streams, self.bos_context_, dtype=np.int64)
        for step in range(MAX_SENTENCE_WORDS):
            word, ctx = draw(ctx, rng.random(active.size))
            out[step, active] = word
            going = word != EOS
            active, ctx = active[going], ctx[going]
            if active.size == 0:
                break
        out[MAX_SENTENCE_WORDS, active] = EOS  # sentences cut at the length cap
        flat = out.T.ravel()
        return flat[flat >= 0]


def _group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """np.unique(keys, return_inverse=True, return_counts=True) for non-negative int64 keys."""
    n = keys.size
    shift = n.bit_length()
    if int(keys.max()) < 1 << (62 - shift):
        # Sorting keys with their positions packed in the low bits is ~4x faster than argsort.
        packed = np.sort((keys << shift) | np.arange(n))
        sorted_keys, perm = packed >> shift, packed & ((1 << shift) - 1)
    else:
        perm = np.argsort(keys)
        sorted_keys = keys[perm]
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new[1:])
    inverse = np.empty(n, dtype=np.int64)
    inverse[perm] = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    return sorted_keys[starts], inverse, np.diff(np.append(starts, n))


def _normalise(ids: np.ndarray) -> np.ndarray:
    """A text without empty sentences, ending with EOS."""
    if ids.size == 0:
        return ids
    if ids[-1] != EOS:
        ids = np.append(ids, EOS)
    is_eos = ids == EOS
    empty = is_eos & np.concatenate([[True], is_eos[:-1]])
    return ids[~empty]


def _pad_sentences(shifted: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Shifted tokens with `order` pads before each sentence, and the positions of the tokens."""
    is_eos = shifted == EOS + 1
    sentence_no = np.cumsum(is_eos) - is_eos
    targets = np.arange(shifted.size) + order * (sentence_no + 1)
    padded = np.zeros(shifted.size + order * (int(is_eos.sum()) + 1), dtype=np.int64)
    padded[targets] = shifted
    return padded, targets
