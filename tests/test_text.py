"""Tests of collapse_core.families.text.corpus: tokens, corpora and draws of human text."""

import numpy as np
import pytest

from collapse_core.families.text.corpus import (
    EOS,
    MAX_TEXT_BYTES,
    Corpus,
    CorpusError,
    TextSource,
    concat_texts,
    corpus_from_text,
    count_words,
    detokenize,
    load_corpus,
    take_words,
    tokenize,
)

SENTENCE = "The cat sat on the mat, and it didn't move. Did the dog see it? No!"
# 30 sentences of 8 words + a full stop: 270 words with punctuation, 240 without.
LONG_TEXT = " ".join(f"Sentence number {i} says the cat sat still." for i in range(30))


@pytest.fixture(scope="module")
def kjv():
    return load_corpus("kjv")


@pytest.fixture(scope="module")
def small():
    return corpus_from_text(LONG_TEXT, name="small")


def test_tokenize_keeps_punctuation_apostrophes_and_digits():
    assert tokenize("Hello, World! Don't stop: 42 times; ok? Yes. #$%& -- wait") == [
        "hello", ",", "world", "!", "don't", "stop", ":", "42", "times", ";", "ok", "?",
        "yes", ".", "wait",
    ]


def test_tokenize_handles_curly_apostrophe_and_numbers():
    assert tokenize("It\u2019s 3.14 or 1,000.") == ["it's", "3.14", "or", "1,000", "."]


def test_detokenize_round_trip_is_readable():
    corpus = corpus_from_text(SENTENCE + " " + LONG_TEXT)
    text = detokenize(corpus.train, corpus.vocab)
    assert text.startswith("The cat sat on the mat, and it didn't move. Did the dog see it? No!")
    assert tokenize(text) == tokenize(
        " ".join(s for i, s in enumerate(_sentences(SENTENCE + " " + LONG_TEXT)) if i % 10 != 9)
    )


def _sentences(text):
    """Sentences of a text split after . ! ? (a plain-Python oracle)."""
    out, cur = [], []
    for tok in tokenize(text):
        cur.append(tok)
        if tok in ".!?":
            out.append(" ".join(cur))
            cur = []
    return out


def test_detokenize_accepts_a_corpus_and_capitalises_i(small):
    vocab = np.array(["</s>", "i", "think", ",", "so", "."])
    assert detokenize(np.array([1, 2, 3, 4, 1, 5, 0]), vocab) == "I think, so I."
    assert detokenize(small.train[:10], small) == detokenize(small.train[:10], small.vocab)


@pytest.mark.parametrize("name", ["kjv", "python-docs"])
def test_builtin_corpora_load_with_a_sizable_vocabulary(name):
    corpus = load_corpus(name)
    assert isinstance(corpus, Corpus)
    assert corpus.vocab[0] == "</s>"
    assert corpus.n_vocab > 2000
    assert count_words(corpus.train) > 30_000
    for ids in (corpus.train, corpus.heldout):
        assert ids.dtype == np.int32 and ids[-1] == EOS
        assert ids.max() < corpus.n_vocab
        assert not np.any((ids[1:] == EOS) & (ids[:-1] == EOS)), "no empty sentences"
    # About one sentence in ten is held out.
    ratio = np.count_nonzero(corpus.heldout == EOS) / np.count_nonzero(corpus.train == EOS)
    assert 0.10 < ratio < 0.12
    assert load_corpus(name) is corpus, "built-in corpora are cached"
    assert name in repr(corpus) or corpus.name in repr(corpus)
    assert corpus.credit


def test_kjv_has_no_verse_numbers_and_starts_at_genesis(kjv):
    assert detokenize(kjv.train[:12], kjv).startswith("In the beginning god created")
    assert not any(":" in w and w != ":" for w in kjv.vocab)


def test_load_corpus_from_a_file_and_errors(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(LONG_TEXT, encoding="utf-8")
    corpus = load_corpus(str(path))
    assert corpus.name == "story" and count_words(corpus.train) > 200
    with pytest.raises(CorpusError, match="no corpus called"):
        load_corpus("no-such-corpus")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x01" * 100)
    with pytest.raises(CorpusError, match="binary"):
        load_corpus(str(tmp_path / "bad.txt"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t  \n", "empty"),
        (b"hello\x00world " * 50, "binary"),
        ("hello\x00world " * 50, "binary"),
        (b"caf\xe9 au lait. " * 50, "not UTF-8"),
        ("Too short. Really.", "only 3 words; at least 100"),
        ("word " * 300, "only one sentence"),
        ("a" * (MAX_TEXT_BYTES + 1), "limit is 2 MB"),
        (b"a" * (MAX_TEXT_BYTES + 1), "limit is 2 MB"),
    ],
)
def test_corpus_from_text_errors_are_clear(text, message):
    with pytest.raises(CorpusError, match=message):
        corpus_from_text(text)


def test_corpus_from_text_accepts_bytes_and_few_sentences():
    corpus = corpus_from_text(LONG_TEXT.encode("utf-8"))
    assert count_words(corpus.train) + count_words(corpus.heldout) == 270
    # Three long sentences: too few for a 10% split, so the last one is held out.
    few = corpus_from_text(" ".join(["word " * 60 + "."] * 3))
    assert np.count_nonzero(few.train == EOS) == 2
    assert np.count_nonzero(few.heldout == EOS) == 1


def test_paragraph_breaks_end_sentences():
    text = "\n\n".join(f"Line {i} has no full stop" for i in range(40))
    corpus = corpus_from_text(text)
    assert np.count_nonzero(corpus.train == EOS) == 36


def test_count_and_take_words_are_exact():
    ids = np.array([5, 6, 7, 0, 8, 9, 0, 4, 0], dtype=np.int32)
    assert count_words(ids) == 6
    assert take_words(ids, 0).size == 0
    np.testing.assert_array_equal(take_words(ids, 2), [5, 6, 0])
    np.testing.assert_array_equal(take_words(ids, 3), [5, 6, 7, 0])
    np.testing.assert_array_equal(take_words(ids, 5), [5, 6, 7, 0, 8, 9, 0])
    np.testing.assert_array_equal(take_words(ids, 6), ids)
    with pytest.raises(ValueError, match="only 6 words"):
        take_words(ids, 7)
    np.testing.assert_array_equal(concat_texts([ids[:4], ids[4:]]), ids)
    assert concat_texts([]).size == 0


@pytest.mark.parametrize("n", [0, 1, 7, 100, 5000])
def test_original_gives_exactly_n_words_deterministically(kjv, n):
    source = TextSource(kjv)
    a = source.original(n, np.random.default_rng(3))
    b = source.original(n, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    assert count_words(a) == n
    assert a.size == 0 or a[-1] == EOS


def test_original_is_a_run_of_corpus_sentences_and_wraps_around(small):
    source = TextSource(small)
    n_train = count_words(small.train)
    for seed in range(5):
        sample = source.original(3 * n_train + 5, np.random.default_rng(seed))
        assert count_words(sample) == 3 * n_train + 5
        # The sample is a contiguous run of the corpus, read in a circle, starting a sentence.
        circle = "," + ",".join(map(str, np.tile(small.train, 5))) + ","
        assert "," + ",".join(map(str, sample[:-1])) + "," in circle
        assert ",0," + ",".join(map(str, sample[:-1])) + "," in ",0" + circle


@pytest.mark.parametrize("kind", ["original", "fresh"])
@pytest.mark.parametrize("n", [0, 1, 50, 900, 4000])
def test_human_gives_exactly_n_words(kjv, kind, n):
    source = TextSource(kjv)
    original = source.original(1000, np.random.default_rng(0))
    a = source.human(original, n, kind, np.random.default_rng(1))
    b = source.human(original, n, kind, np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    assert count_words(a) == n


def test_human_original_reuses_the_sample_without_replacement(kjv):
    source = TextSource(kjv)
    original = source.original(2000, np.random.default_rng(0))
    n_sentences = np.count_nonzero(original == EOS)
    drawn = source.human(original, 1000, "original", np.random.default_rng(5))
    assert set(np.unique(drawn)) <= set(np.unique(original))
    sentences = detokenize(drawn, kjv).split(". ")
    # Whole sentences of the sample, none repeated while some are left.
    assert len(set(sentences)) == len(sentences)
    assert np.count_nonzero(drawn == EOS) < n_sentences
    with pytest.raises(ValueError, match="kind"):
        source.human(original, 10, "stale", np.random.default_rng(0))


def test_rare_words_are_words_seen_at_most_three_times(small):
    source = TextSource(small)
    ids = np.array([1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 0], dtype=np.int32)
    punct = np.flatnonzero(small.is_punct)
    ids = np.concatenate([ids, punct, [0]]).astype(np.int32)
    rare = source.rare_words(ids)
    expected = [i for i in (1, 2, 3) if not small.is_punct[i]]
    np.testing.assert_array_equal(rare, expected)
