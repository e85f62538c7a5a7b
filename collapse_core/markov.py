"""A word-level n-gram Markov model of text, fitted and sampled with vectorised numpy."""

from __future__ import annotations

import numbers

import numpy as np

from collapse_core.text import EOS, CorpusError, count_words, take_words

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
        self.level_keys_ = []
        ctx = np.zeros(targets.size, dtype=np.int64)
        for k in range(1, self.order + 1):
            key = padded[targets - 1] if k == 1 else ctx * base + padded[targets - k]
            keys, ctx = np.unique(key, return_inverse=True)
            self.level_keys_.append(keys)
        n_ctx = len(self.level_keys_[-1])
        nxt = padded[targets] - 1
        self.pair_keys_, self.pair_counts_ = np.unique(ctx * base + nxt + 1, return_counts=True)
        self.n_contexts_ = n_ctx
        self.n_transitions_ = int(targets.size)
        # Sparse unigram counts (sorted ids and their counts): V may be astronomically large.
        self.unigram_ids_, self.unigram_counts_ = np.unique(nxt, return_counts=True)
        self.words_ = self.unigram_ids_[self.unigram_ids_ != EOS]
        self.mean_sentence_words_ = n_words / int(np.count_nonzero(ids == EOS))
        self.bos_context_ = int(self._context_ids(np.zeros((1, self.order), np.int64))[0])

        # CSR rows: per context, next words by decreasing count (ties: smaller id first).
        rows = self.pair_keys_ // base
        words = self.pair_keys_ % base - 1
        order = np.lexsort((words, -self.pair_counts_, rows))
        rows, words = rows[order], words[order]
        self.next_ids_ = words.astype(np.int32)
        self.next_counts_ = self.pair_counts_[order]
        self.offsets_ = np.searchsorted(rows, np.arange(n_ctx + 1))
        self.row_counts_ = np.add.reduceat(self.next_counts_, self.offsets_[:-1])
        self.next_rank_ = np.arange(rows.size) - self.offsets_[rows]
        # The context reached after emitting each entry: drop the oldest word, add the new one.
        shifted = np.concatenate([self._context_words(rows)[:, 1:], words[:, None] + 1], axis=1)
        successor = self._context_ids(shifted)
        successor[words == EOS] = self.bos_context_
        # Every successor was seen (each word is followed by something in training); -1 would
        # be a dead end, which sampling treats as the end of the sentence.
        self.successor_ = successor
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

    def _context_words(self, ctx: np.ndarray) -> np.ndarray:
        """Shifted words (oldest first) of context ids: the inverse of _context_ids."""
        base = self.vocab_size_ + 1
        out = np.empty((len(ctx), self.order), dtype=np.int64)
        cur = np.asarray(ctx, dtype=np.int64)
        for k in range(self.order, 1, -1):
            key = self.level_keys_[k - 1][cur]
            out[:, self.order - k] = key % base
            cur = key // base
        out[:, -1] = self.level_keys_[0][cur]
        return out

    # ---- probabilities ---------------------------------------------------------------------

    def _probabilities(self, temperature: float) -> np.ndarray:
        """Next-word probability of every CSR entry under temperature and top_k."""
        if not (np.isfinite(temperature) and temperature > 0):
            raise ValueError(f"temperature must be a positive number, got {temperature!r}.")
        starts = self.offsets_[:-1]
        lengths = np.diff(self.offsets_)
        logc = np.log(self.next_counts_.astype(float))
        # Each row's first entry is its largest count; subtracting it keeps exp() in range.
        w = np.exp((logc - np.repeat(logc[starts], lengths)) / temperature)
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
        p = self._probabilities(temperature)
        if n == 0:
            return np.empty(0, dtype=np.int32)
        # One cumulative scale for all rows: row r covers (r, r + 1], so a single searchsorted
        # picks the next entry of every stream at once.
        starts, lengths = self.offsets_[:-1], np.diff(self.offsets_)
        cum = np.cumsum(p)
        within = cum - np.repeat(cum[starts] - p[starts], lengths)
        within[self.offsets_[1:] - 1] = 1.0
        cum = np.repeat(np.arange(self.n_contexts_, dtype=float), lengths) + within
        # Zero-probability entries (cut by top_k or underflow) come last in their row.
        last = starts + np.add.reduceat((p > 0).astype(np.int64), starts) - 1
        pieces, produced = [], 0
        while produced < n:
            # Enough independent sentences, generated in parallel, to likely reach n at once.
            n_streams = int(np.ceil(1.1 * (n - produced) / self.mean_sentence_words_))
            n_streams = min(n_streams, MAX_STREAMS)
            text = self._sample_sentences(n_streams, cum, last, rng)
            pieces.append(text)
            produced += count_words(text)
        return take_words(np.concatenate(pieces), n)

    def _sample_sentences(
        self, n_streams: int, cum: np.ndarray, last: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """n_streams independent complete sentences, one after the other."""
        out = np.full((MAX_SENTENCE_WORDS + 1, n_streams), -1, dtype=np.int32)
        active = np.arange(n_streams)
        state = np.full(n_streams, self.bos_context_, dtype=np.int64)
        for step in range(MAX_SENTENCE_WORDS):
            entry = np.searchsorted(cum, state + rng.random(active.size), side="right")
            # Round-off at a row's edges must not leave the row's non-zero entries.
            entry = np.clip(entry, self.offsets_[state], last[state])
            word = self.next_ids_[entry]
            state = self.successor_[entry]
            out[step, active] = word
            ended = (word == EOS) | (state < 0) | (step == MAX_SENTENCE_WORDS - 1)
            # A sentence cut at the length cap or at a dead end still gets its EOS.
            out[step + 1, active[ended & (word != EOS)]] = EOS
            active, state = active[~ended], state[~ended]
            if active.size == 0:
                break
        flat = out.T.ravel()
        return flat[flat >= 0]


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
