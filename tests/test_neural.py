"""Tests of the tiny neural network family: the network, its word lists, its experiment."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from oracle import per_run

from collapse_core.families.neural.card import NEURAL
from collapse_core.families.neural.experiment import NeuralExperiment
from collapse_core.families.neural.metrics import NEURAL_METRICS, perplexity
from collapse_core.families.neural.mlp import END, CharMLP, decode, encode, examples
from collapse_core.families.neural.wordlists import (
    MAX_CHARACTERS,
    MAX_ITEM_CHARS,
    MAX_LIST_BYTES,
    MIN_ITEMS,
    WordListError,
    english_names,
    list_from_text,
    load_list,
)
from collapse_core.recursion import Recursion, simulate
from collapse_core.settings import Settings

# A small network that trains in milliseconds, for the engine's and the statistical tests.
SMALL = dict(hidden=16, epochs=20, batch=64, lr=0.05)


@pytest.fixture(scope="module")
def names():
    return english_names()


def test_encode_decode_round_trip_and_examples():
    items = np.array(["abc", "b", "", "cab"])
    ids = encode(items, "abc")
    assert ids.shape == (4, 4) and (ids[:, -1] == END).all()
    assert ids[0].tolist() == [1, 2, 3, END]
    assert decode(ids, "abc").tolist() == items.tolist()
    contexts, targets = examples(ids, 2)
    assert len(targets) == sum(len(s) + 1 for s in items)  # every character and the END
    assert contexts[:4].tolist() == [[0, 0], [0, 1], [1, 2], [2, 3]]  # "abc": padded, sliding
    assert targets[:4].tolist() == [1, 2, 3, END]


def test_gradient_matches_finite_differences():
    model = CharMLP("abcd", context=2, hidden=5, embedding=3)
    rng = np.random.default_rng(0)
    params = model.init(rng)
    params = {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in params.items()}
    contexts = rng.integers(0, 5, size=(7, 2))
    targets = rng.integers(0, 5, size=7)
    _, grads = model.loss_and_grad(params, contexts, targets)
    eps = 1e-6
    for key, value in params.items():
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            up = {**params, key: value.copy()}
            down = {**params, key: value.copy()}
            up[key][i] += eps
            down[key][i] -= eps
            numeric[i] = (model.loss_and_grad(up, contexts, targets)[0]
                          - model.loss_and_grad(down, contexts, targets)[0]) / (2 * eps)
        # Central differences are accurate to about eps^2 * f''' + rounding / eps ~ 1e-9.
        np.testing.assert_allclose(grads[key], numeric, atol=1e-7, err_msg=key)


def test_loss_falls_to_the_entropy_of_a_corpus_it_can_learn_by_heart():
    # With two characters of context only the first character is uncertain (a or c, even
    # odds): the least possible loss is ln 2 over the 4 characters of an item (END included).
    items = np.array(["abc", "cba"] * 20)
    model = CharMLP("abc", context=2, hidden=16, epochs=60, batch=16, lr=0.03)
    model.fit(items, np.random.default_rng(0))
    floor = np.log(2) / 4
    assert model.losses_[0] > 1.0  # about ln 4 at the start: four choices
    final, _ = model.loss_and_grad(model.params_, *examples(encode(items, "abc"), 2))
    assert floor <= final < floor + 0.02
    assert set(model.generate(50, np.random.default_rng(1)).tolist()) == {"abc", "cba"}


def test_generate_follows_the_softmax_at_any_temperature_and_top_k():
    model = CharMLP("abcd", context=1, hidden=8, epochs=3)
    model.fit(np.array(["a", "ab", "abc", "d", "dd", "cab"] * 10), np.random.default_rng(0))
    first = model.logits(np.zeros((1, 1), dtype=int))[0]
    n = 4000
    for temperature, top_k in ((1.0, None), (0.5, None), (1.0, 2)):
        logits = first / temperature
        if top_k is not None:
            logits = np.where(logits >= np.sort(logits)[-top_k], logits, -np.inf)
        p = np.exp(logits - logits.max())
        p /= p.sum()
        items = model.generate(n, np.random.default_rng(2), temperature, top_k)
        starts = encode(items, "abcd")[:, 0]
        seen = np.bincount(starts, minlength=5) / n
        # Each share is a binomial proportion: within 4 standard errors of p.
        np.testing.assert_array_less(np.abs(seen - p), 4 * np.sqrt(p * (1 - p) / n) + 1e-12)


def test_generate_is_reproducible_and_bounded(names):
    model = CharMLP(names.alphabet, max_length=5, **SMALL).fit(names.items[:50],
                                                               np.random.default_rng(0))
    a = model.generate(200, np.random.default_rng(3))
    assert a.tolist() == model.generate(200, np.random.default_rng(3)).tolist()
    assert np.char.str_len(a).max() <= 5
    with pytest.raises(ValueError, match="temperature"):
        model.generate(1, np.random.default_rng(0), temperature=0.0)


@pytest.mark.parametrize("options, word", [({"context": 0}, "context"), ({"hidden": 1.5}, "hidden"),
                                           ({"top_k": 0}, "top_k"), ({"lr": float("nan")}, "lr")])
def test_bad_network_options_are_named(options, word):
    with pytest.raises(ValueError, match=word):
        CharMLP("ab", **options)


def test_names_list_is_the_census_with_its_tail(names):
    assert len(names.items) + len(names.heldout) > 5000
    assert names.items[0] == "james" and names.alphabet == "abcdefghijklmnopqrstuvwxyz"
    assert np.isclose(names.weights.sum(), 1) and np.isclose(names.heldout_weights.sum(), 1)
    assert not set(names.items) & set(names.heldout)
    assert set("qxz") <= set(names.rare_characters) and "e" not in names.rare_characters
    assert "james" not in names.rare_items


def test_chinese_words_are_two_to_four_characters():
    words = load_list("zh-words")
    lengths = np.char.str_len(words.items)
    assert lengths.min() >= 2 and lengths.max() <= 4 and words.language == "zh"


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("\n  \n", "empty"),
    (b"ab\x00cd", "binary"),
    ("ab\x00cd", "binary"),
    (b"\xff\xfe\x00a", "binary"),
    (b"caf\xe9\nbob", "UTF-8"),
    ("\n".join(f"n{i}" for i in range(MIN_ITEMS - 1)), "at least"),
    ("\n".join(["bob"] * 500), "at least"),  # repeats are not different items
    ("x" * (MAX_ITEM_CHARS + 1) + "\nbob", "at most"),
    ("\n".join(chr(0x4E00 + i) * 2 for i in range(MAX_CHARACTERS + 1)), "characters"),
    ("a\n" * (MAX_LIST_BYTES // 2 + 1), "limit"),
])
def test_bad_lists_get_a_clear_error(text, message):
    with pytest.raises(WordListError, match=message):
        list_from_text(text)


def test_own_list_counts_repeats_and_lower_cases(tmp_path):
    lines = [f"Item{i}" for i in range(40)] + ["item0"] * 9
    path = tmp_path / "mine.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    own = load_list(str(path))
    assert own.name == "mine" and own.items[0] == "item0"
    # 40 different items ranked by count (item0: 10, the others 1 each, in order); every 10th
    # is held out, so 36 are learned from and item0 is 10 of their 45 lines.
    assert own.heldout.tolist() == ["item9", "item19", "item29", "item39"]
    assert len(own.items) == 36 and np.isclose(own.weights[0], 10 / 45)
    with pytest.raises(WordListError, match="no list called"):
        load_list(str(tmp_path / "missing.txt"))


def _small_experiment(names, **options) -> NeuralExperiment:
    return NeuralExperiment(names, **{**SMALL, **options})


def test_runs_advanced_together_equal_runs_alone_bit_for_bit(names):
    experiment = _small_experiment(names)
    settings = Settings(generations=2, sample_size=40, runs=3, seed=5, human_fraction=0.25)
    together = simulate(experiment, settings)
    alone, example = per_run(experiment, settings)
    pd.testing.assert_frame_equal(together.metrics, alone, check_exact=True)
    assert together.example["walls"] == example["walls"]
    recursion = Recursion(experiment, settings)
    one = recursion.run_alone(2, 2)
    pd.testing.assert_frame_equal(
        one.metrics.drop(columns="run"),
        together.metrics[together.metrics.run == 2].drop(columns="run").reset_index(drop=True),
        check_exact=True)


def test_metrics_and_snapshots_describe_the_inventions(names):
    experiment = _small_experiment(names)
    result = simulate(experiment, Settings(generations=1, sample_size=60, seed=1))
    row = result.metrics.iloc[0]
    assert set(NEURAL_METRICS) == set(result.metrics.columns) - {"run", "generation"}
    assert 0 < row.distinct_share <= 1 and 1 <= row.letters <= 26 and row.perplexity > 1
    example = result.example
    assert len(example["walls"]) == 2 and len(example["walls"][0]) == 40
    assert example["letters"].shape == (2, 26) and example["lengths"].sum(axis=1).tolist() == [
        60, 60]
    # The metrics and the snapshots count the same inventions two ways.
    assert np.isclose(row.mean_length, example["lengths"][0] @ np.arange(
        example["lengths"].shape[1]) / 60)
    assert row.letters == np.count_nonzero(example["letters"][0])
    # The most repeated invention among all 60, against the distinct share and the wall of 40:
    # the other distinct inventions come at least once each, and it is at least as common among
    # all 60 as any invention is among the wall's 40 (the wall is drawn from the 60).
    distinct = round(row.distinct_share * 60)
    count = example["tops"][0][1]
    wall = Counter(example["walls"][0])
    assert 1 <= count <= 60 - (distinct - 1)
    assert count >= max(wall.values())


def test_perplexity_is_uniform_for_a_network_that_knows_nothing(names):
    model = CharMLP(names.alphabet)
    model.params_ = {k: np.zeros_like(v) for k, v in model.init(np.random.default_rng(0)).items()}
    assert np.isclose(perplexity(model, names), 27)  # 26 letters and the end, all equal


# --- statistical tests: fixed seeds, tolerances from the standard error over runs ------------

RUNS, GENERATIONS, N = 6, 8, 60


def _last(names, **settings) -> pd.DataFrame:
    """Each run's metrics at generation 0 and at the last generation."""
    experiment = _small_experiment(names)
    result = simulate(experiment, Settings(generations=GENERATIONS, sample_size=N, runs=RUNS,
                                           seed=11, **settings))
    frame = result.metrics.assign(log_ppl=np.log(result.metrics.perplexity))
    return frame[frame.generation == 0].set_index("run"), frame[
        frame.generation == GENERATIONS].set_index("run")


def _significant(differences: pd.Series) -> bool:
    """Whether the mean of per-run differences is above 3 standard errors of that mean (the
    runs are independent, so the standard error is sd / sqrt(runs); 3 of them leave about one
    chance in 700 that a true zero passes, and the seed is fixed)."""
    return differences.mean() > 3 * differences.std(ddof=1) / np.sqrt(len(differences))


@pytest.fixture(scope="module")
def pure(names):
    return _last(names)


def test_self_training_raises_perplexity_and_lowers_distinct_share(pure):
    first, last = pure
    assert _significant(last.log_ppl - first.log_ppl)
    assert _significant(first.distinct_share - last.distinct_share)


def test_fresh_human_data_holds_the_network_nearer_generation_0(names, pure):
    _, pure_last = pure
    first, last = _last(names, human_fraction=0.5, human_data="fresh")
    # The same seeds: the same original samples and generation 0 (paired differences).
    assert np.array_equal(first.log_ppl, pure[0].log_ppl)
    assert _significant(pure_last.log_ppl - last.log_ppl)
    assert _significant(last.distinct_share - pure_last.distinct_share)


def test_a_temperature_below_1_speeds_the_loss(names, pure):
    _, pure_last = pure
    _, cold = _last(names, temperature=0.7)
    assert _significant(pure_last.distinct_share - cold.distinct_share)
    assert _significant(pure_last.letters - cold.letters)


def test_the_learned_filter_can_judge_inventions(names):
    experiment = _small_experiment(names)
    result = simulate(experiment, Settings(generations=2, sample_size=60, runs=2,
                                           filter="learned", human_fraction=0.5, seed=3))
    later = result.metrics[result.metrics.generation > 0]
    # It tells them apart better than a coin (on held-out items) and drops inventions.
    assert later.detector_accuracy.notna().all() and later.detector_accuracy.mean() > 0.5
    assert later.ai_share.mean() < 0.5


def test_the_card_builds_its_defaults_and_refuses_bad_options():
    # (The common checks of every card are tests/test_families.py's.)
    experiment = NEURAL.experiment()
    assert experiment.options["context"] == NEURAL.defaults()["context"]
    assert experiment.word_list.name == "English names"
    with pytest.raises(WordListError):
        NEURAL.experiment(corpus_text="too\nfew")
    with pytest.raises(ValueError, match="hidden"):
        NEURAL.experiment(hidden=0)
