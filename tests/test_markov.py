"""Tests of collapse_core.families.text.markov (the n-gram model) and
collapse_core.families.text.metrics."""

import math
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collapse_core.families.text.corpus import (
    EOS,
    CorpusError,
    TextSource,
    corpus_from_text,
    count_words,
    detokenize,
    load_corpus,
)
from collapse_core.families.text.markov import MAX_SENTENCE_WORDS, MarkovModel, _group
from collapse_core.families.text.metrics import TEXT_METRICS, text_metrics


@pytest.fixture(scope="module")
def kjv():
    return load_corpus("kjv")


@pytest.fixture(scope="module")
def sample_20k(kjv):
    return TextSource(kjv).original(20_000, np.random.default_rng(0))


def ids(*sentences):
    """A text from sentences given as lists of word ids."""
    return np.array([w for s in sentences for w in [*s, EOS]], dtype=np.int32)


def reference_counts(text, order):
    """context tuple -> Counter of next ids, in plain Python (the oracle); -1 pads sentences."""
    counts = defaultdict(Counter)
    history = [-1] * order
    for tok in text.tolist():
        counts[tuple(history[-order:])][tok] += 1
        history = [-1] * order if tok == EOS else history + [tok]
    return counts


def all_rows(model, temperature=1.0):
    """Per context: (next ids, probabilities) for every context of a fitted model."""
    p = model._probabilities(temperature)
    return [
        (model.next_ids_[a:b], p[a:b])
        for a, b in zip(model.offsets_[:-1], model.offsets_[1:], strict=True)
    ]


# ---- parameters and fitting ---------------------------------------------------------------


@pytest.mark.parametrize("order", [0, 5, 2.0, True, "2"])
def test_bad_order_is_refused(order):
    with pytest.raises(ValueError, match="order"):
        MarkovModel(order=order)


@pytest.mark.parametrize("top_k", [0, -1, 1.5, True])
def test_bad_top_k_is_refused(top_k):
    with pytest.raises(ValueError, match="top_k"):
        MarkovModel(top_k=top_k)


def test_fit_returns_self_and_too_short_text_is_a_corpus_error():
    model = MarkovModel(3)
    assert model.fit(ids([1, 2, 3, 4])) is model
    with pytest.raises(CorpusError, match="only 3 words; an order-3 model needs at least 4"):
        MarkovModel(3).fit(ids([1, 2], [3]))


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_counts_match_a_plain_python_oracle(sample_20k, order):
    model = MarkovModel(order).fit(sample_20k)
    ref = reference_counts(sample_20k, order)
    assert model.n_contexts_ == len(ref)
    assert model.n_transitions_ == sample_20k.size
    rng = np.random.default_rng(order)
    for ctx in rng.choice(len(ref), 50, replace=False):
        key = list(ref)[ctx]
        got_ids, got_p = model.next_word_probabilities([w for w in key if w >= 0])
        total = sum(ref[key].values())
        expected = {w: c / total for w, c in ref[key].items()}
        assert dict(zip(got_ids.tolist(), got_p.tolist(), strict=True)) == pytest.approx(expected)


def test_context_ids_never_overflow_with_a_huge_vocabulary():
    big = 2**31 - 1  # the largest int32 id: (V + 1) ** 4 = 2 ** 124 would overflow int64
    text = np.array([big - 1, 5, big - 2, 7, EOS, 5, big - 1, 5, big - 2, EOS], dtype=np.int32)
    model = MarkovModel(4).fit(text, n_vocab=big)
    out = model.sample(200, np.random.default_rng(0))
    assert set(out.tolist()) <= set(text.tolist())
    assert model.next_word_probabilities([big - 1, 5])[0].tolist() == [big - 2]


@pytest.mark.parametrize("high", [3, 50, 2**40, 2**62])
def test_group_matches_numpy_unique(high):
    keys = np.random.default_rng(high).integers(0, high, 5000)
    for got, expected in zip(
        _group(keys), np.unique(keys, return_inverse=True, return_counts=True), strict=True
    ):
        np.testing.assert_array_equal(got, expected)


# ---- probabilities ------------------------------------------------------------------------


@pytest.mark.parametrize("top_k", [None, 1, 3])
@pytest.mark.parametrize("temperature", [0.05, 0.5, 1.0, 2.0, 10.0])
def test_probabilities_of_every_context_sum_to_one(sample_20k, top_k, temperature):
    model = MarkovModel(2, top_k=top_k).fit(sample_20k)
    for _, p in all_rows(model, temperature):
        assert p.sum() == pytest.approx(1.0, abs=1e-12)
        assert np.all(p >= 0)
        if top_k is not None:
            assert np.count_nonzero(p) <= top_k


def test_temperature_reshapes_probabilities_as_p_to_the_one_over_t():
    model = MarkovModel(1).fit(ids([1, 2], [1, 2], [1, 2], [1, 3]))
    _, p1 = model.next_word_probabilities([1])
    _, p2 = model.next_word_probabilities([1], temperature=0.5)
    np.testing.assert_allclose(p1, [0.75, 0.25])
    np.testing.assert_allclose(p2, np.array([9, 1]) / 10)


def test_small_temperature_approaches_argmax(sample_20k):
    model = MarkovModel(2).fit(sample_20k)
    for (_, p), (_, cold) in zip(all_rows(model), all_rows(model, 1e-4), strict=True):
        winners = p == p.max()
        np.testing.assert_allclose(cold[winners], 1 / winners.sum(), atol=1e-9)


def test_top_k_one_is_deterministic_greedy(sample_20k):
    model = MarkovModel(2, top_k=1).fit(sample_20k)
    a = model.sample(3000, np.random.default_rng(1))
    b = model.sample(3000, np.random.default_rng(2))
    np.testing.assert_array_equal(a, b)
    # Every word is the most frequent successor of its context (ties: the smaller id).
    ref = reference_counts(sample_20k, 2)
    history = [-1, -1]
    first = a[: np.flatnonzero(a == EOS)[0] + 1]
    if first.size > MAX_SENTENCE_WORDS:  # greedy text can loop: its EOS was forced at the cap
        first = first[:-1]
    for tok in first.tolist():
        counter = ref[tuple(history)]
        best = max(counter.values())
        assert tok == min(w for w, c in counter.items() if c == best)
        history = history[1:] + [tok]


def test_unseen_context_gives_no_probabilities(sample_20k):
    got, p = MarkovModel(2).fit(sample_20k).next_word_probabilities([EOS + 10**6, 3])
    assert got.size == 0 and p.size == 0


# ---- sampling -----------------------------------------------------------------------------


@pytest.mark.parametrize("order", [1, 2, 3, 4])
@pytest.mark.parametrize("n", [0, 1, 2, 37, 5000])
def test_sample_gives_exactly_n_words_of_training_vocabulary(sample_20k, order, n):
    model = MarkovModel(order).fit(sample_20k)
    out = model.sample(n, np.random.default_rng(n))
    assert out.dtype == np.int32
    assert count_words(out) == n
    if n:
        assert out[-1] == EOS
        assert set(np.unique(out[out != EOS])) <= set(model.words_.tolist())
        assert not np.any((out[1:] == EOS) & (out[:-1] == EOS)), "no empty sentences"


def test_same_seed_gives_the_same_text(sample_20k):
    model = MarkovModel(3, top_k=5).fit(sample_20k)
    a = model.sample(4000, np.random.default_rng(42), temperature=0.8)
    b = model.sample(4000, np.random.default_rng(42), temperature=0.8)
    c = model.sample(4000, np.random.default_rng(43), temperature=0.8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_samples_read_as_sentences(kjv, sample_20k):
    text = detokenize(MarkovModel(3).fit(sample_20k).sample(300, np.random.default_rng(7)), kjv)
    assert text[0].isupper() and " ," not in text and " ." not in text
    assert len(text.split()) >= 250


def test_self_training_never_grows_the_vocabulary(sample_20k):
    rng = np.random.default_rng(11)
    text = sample_20k
    vocab = set(np.unique(text).tolist())
    for _ in range(30):
        text = MarkovModel(2).fit(text).sample(5000, rng)
        new_vocab = set(np.unique(text).tolist())
        assert new_vocab <= vocab
        vocab = new_vocab


@pytest.mark.parametrize(
    "text",
    [
        ids([1] * 50),  # one repeated word
        ids([1, 1, 1, 1, 2]),  # "a a a a ."
        ids([1, 2, 3], [4, 5, 6, 2]),  # two sentences
        ids([1, 2]),  # the shortest text an order-1 model accepts
        np.array([1, 2, 3, 4, 5, 6], dtype=np.int32),  # no final EOS: one is implied
    ],
)
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_degenerate_texts_do_not_crash(text, order):
    if count_words(text) < order + 1:
        with pytest.raises(CorpusError, match="needs at least"):
            MarkovModel(order).fit(text)
        return
    model = MarkovModel(order).fit(text)
    out = model.sample(777, np.random.default_rng(0))
    assert count_words(out) == 777
    assert np.isfinite(model.entropy_bits())
    # A sentence that never ends is cut at the cap and ended with EOS.
    lengths = np.diff(np.flatnonzero(np.concatenate([[EOS], out]) == EOS)) - 1
    assert lengths.max() <= MAX_SENTENCE_WORDS


def test_entropy_of_a_deterministic_chain_is_zero():
    model = MarkovModel(2).fit(ids([1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]))
    assert model.entropy_bits() == 0.0


def test_entropy_matches_a_plain_python_oracle(sample_20k):
    model = MarkovModel(2).fit(sample_20k)
    ref = reference_counts(sample_20k, 2)
    n = sum(sum(c.values()) for c in ref.values())
    expected = 0.0
    for counter in ref.values():
        total = sum(counter.values())
        expected -= sum(c / n * math.log2(c / total) for c in counter.values())
    assert model.entropy_bits() == pytest.approx(expected, rel=1e-12)
    assert MarkovModel(2, top_k=1).fit(sample_20k).entropy_bits() == 0.0


@pytest.mark.parametrize(("top_k", "temperature"), [(None, 1.0), (3, 1.0), (None, 0.7), (4, 1.5)])
def test_empirical_next_word_frequencies_match_the_model(sample_20k, top_k, temperature):
    # temperature 1 samples from an urn of counts; other temperatures by inverse CDF.
    model = MarkovModel(1, top_k=top_k).fit(sample_20k)
    out = model.sample(200_000, np.random.default_rng(5), temperature=temperature)
    out = out[: np.flatnonzero(out == EOS)[-2] + 1]  # drop the last sentence: it was cut
    prev = np.concatenate([[EOS], out[:-1]])  # a sentence start follows EOS, like the pad
    starts = np.concatenate([[0], np.flatnonzero(out == EOS)[:-1] + 1])
    position = np.arange(out.size) - np.repeat(starts, np.diff(np.append(starts, out.size)))
    drawn = position < MAX_SENTENCE_WORDS  # an EOS at the length cap was forced, not drawn
    contexts, counts = np.unique(prev[drawn], return_counts=True)
    checked = 0
    for context in contexts[counts >= 500]:
        got = out[(prev == context) & drawn]
        words, p = model.next_word_probabilities(
            [] if context == EOS else [context], temperature=temperature
        )
        freq = np.array([np.count_nonzero(got == w) for w in words]) / got.size
        # Each frequency is a binomial share of got.size draws with standard error
        # sqrt(p (1 - p) / n). A correct sampler crosses 5 SE with probability 6e-7 per word,
        # so across the few thousand words checked here a failure means a real bias.
        se = np.sqrt(p * (1 - p) / got.size)
        assert np.all(np.abs(freq - p) <= 5 * se + 1e-12)
        assert freq.sum() == pytest.approx(1.0)
        checked += 1
    assert checked >= 20


# ---- perplexity ---------------------------------------------------------------------------


def test_log2_prob_matches_a_plain_python_oracle():
    train = ids([1, 2, 3], [1, 2, 4], [2, 3])
    held = ids([1, 2, 3], [5, 2, 3], [2, 9], [1, 11], [11, 2])  # 11: outside the vocabulary
    model = MarkovModel(1).fit(train, n_vocab=10)
    ref = reference_counts(train, 1)
    unigram = Counter(train.tolist())
    n_tokens, n_vocab = train.size, 12
    expected, history = [], [-1]
    for tok in held.tolist():
        p_uni = (unigram[tok] + 1) / (n_tokens + n_vocab + 1)
        counter = ref.get(tuple(history))
        p = 0.9 * counter[tok] / sum(counter.values()) + 0.1 * p_uni if counter else p_uni
        expected.append(math.log2(p))
        history = [-1] if tok == EOS else [tok]
    np.testing.assert_allclose(model.log2_prob(held, n_vocab=n_vocab), expected)


def test_smoothed_probabilities_are_a_proper_distribution(sample_20k):
    n_vocab = int(sample_20k.max()) + 50  # the corpus may hold words this sample lacks
    model = MarkovModel(2).fit(sample_20k, n_vocab=n_vocab)
    context = sample_20k[:2]
    # P(w | context) for every w of the vocabulary, EOS included, and one unknown id.
    texts = [np.array([*context, w, EOS]) for w in range(1, n_vocab + 1)]
    p = [2.0 ** model.log2_prob(t, n_vocab=n_vocab)[2] for t in texts]
    p_eos = 2.0 ** model.log2_prob(np.array([*context, EOS]), n_vocab=n_vocab)[2]
    assert sum(p) + p_eos == pytest.approx(1.0, abs=1e-9)


def test_perplexity_is_finite_and_lower_for_the_true_model(kjv, sample_20k):
    rng = np.random.default_rng(9)
    good = MarkovModel(2).fit(sample_20k, n_vocab=kjv.n_vocab)
    collapsed = MarkovModel(2, top_k=1).fit(sample_20k, n_vocab=kjv.n_vocab)
    degenerate = MarkovModel(2).fit(collapsed.sample(20_000, rng), n_vocab=kjv.n_vocab)
    held = kjv.heldout[:30_000]
    p_good, p_bad = good.perplexity(held, kjv.n_vocab), degenerate.perplexity(held, kjv.n_vocab)
    assert np.isfinite(p_good) and np.isfinite(p_bad)
    assert p_good < p_bad / 2


# ---- text metrics -------------------------------------------------------------------------


def test_text_metrics_have_every_key_and_sensible_values(kjv, sample_20k):
    source = TextSource(kjv)
    model = MarkovModel(2).fit(sample_20k, n_vocab=kjv.n_vocab)
    produced = model.sample(20_000, np.random.default_rng(0))
    m = text_metrics(model, produced, kjv, source.rare_words(sample_20k))
    assert list(m) == list(TEXT_METRICS)
    assert all(isinstance(v, float) and np.isfinite(v) for k, v in m.items() if k != "top_words")
    words = produced[(produced != EOS) & ~kjv.is_punct[produced]]
    assert m["vocab_size"] == len(set(words.tolist()))
    assert m["rare_word_survival"] == 1.0  # generation 0 was trained on the original itself
    assert m["top_words"].startswith("and, the, of")
    assert 1.0 < m["entropy"] < 10.0 and m["perplexity"] > 1.0


def test_text_metrics_drop_as_the_model_collapses(kjv, sample_20k):
    source = TextSource(kjv)
    rare = source.rare_words(sample_20k)
    rng = np.random.default_rng(1)
    first = MarkovModel(2).fit(sample_20k, n_vocab=kjv.n_vocab)
    text, model = first.sample(20_000, rng), first
    for _ in range(10):
        model = MarkovModel(2).fit(text, n_vocab=kjv.n_vocab)
        text = model.sample(20_000, rng)
    before = text_metrics(first, first.sample(20_000, rng), kjv, rare)
    after = text_metrics(model, text, kjv, rare)
    for key in ("vocab_size", "distinct_ngrams", "entropy", "rare_word_survival"):
        assert after[key] < before[key], key
    assert after["perplexity"] > before["perplexity"]


def test_text_metrics_with_no_rare_words_count_survival_as_one(kjv, sample_20k):
    model = MarkovModel(1).fit(sample_20k, n_vocab=kjv.n_vocab)
    m = text_metrics(model, sample_20k[:100], kjv, np.array([], dtype=np.int32))
    assert m["rare_word_survival"] == 1.0


# ---- property-based -----------------------------------------------------------------------

sentences = st.lists(st.lists(st.integers(1, 6), min_size=1, max_size=12), min_size=1,
                     max_size=25)


@settings(max_examples=150, deadline=None)
@given(
    sents=sentences,
    order=st.integers(1, 4),
    top_k=st.one_of(st.none(), st.integers(1, 4)),
    temperature=st.floats(0.05, 5.0),
    n=st.integers(0, 400),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_small_texts_never_fail(sents, order, top_k, temperature, n, seed):
    text = ids(*sents)
    model = MarkovModel(order, top_k=top_k)
    if count_words(text) < order + 1:
        with pytest.raises(CorpusError):
            model.fit(text)
        return
    model.fit(text, n_vocab=8)
    out = model.sample(n, np.random.default_rng(seed), temperature=temperature)
    assert count_words(out) == n
    assert set(out.tolist()) <= set(text.tolist())
    assert np.isfinite(model.entropy_bits(temperature))
    assert np.all(np.isfinite(model.log2_prob(text, n_vocab=8)))


@pytest.fixture(scope="module")
def tiny_corpus():
    words = ["a", "b", "c", "d", "e", "f"]
    rng = np.random.default_rng(0)
    text = ". ".join(" ".join(rng.choice(words, rng.integers(1, 9))) for _ in range(60)) + "."
    return corpus_from_text(text, min_words=10)


@settings(max_examples=60, deadline=None)
@given(order=st.integers(1, 4), n=st.integers(0, 300), seed=st.integers(0, 2**16))
def test_metrics_of_random_small_texts_are_never_nan(tiny_corpus, order, n, seed):
    rng = np.random.default_rng(seed)
    source = TextSource(tiny_corpus)
    original = source.original(max(order + 1, 50), rng)
    model = MarkovModel(order).fit(original, n_vocab=tiny_corpus.n_vocab)
    produced = model.sample(n, rng)
    m = text_metrics(model, produced, tiny_corpus, source.rare_words(original))
    assert not any(isinstance(v, float) and math.isnan(v) for v in m.values())
