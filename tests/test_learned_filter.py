"""The learned detector: a classifier per generation that tells human data from the model's
output, watching ("detect") or dropping what it flags ("learned"). Statistical tolerances are
Z standard errors, estimated as each test says; the seeds are fixed."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from test_recursion import SMALL_SAMPLE, assert_same_result

from collapse_core import MODELS, Recursion, Settings, build_experiment, simulate
from collapse_core.detectors import RARE_SHARE
from collapse_core.families import CARDS
from collapse_core.families.continuous.detector import ValueDetector
from collapse_core.families.continuous.sources import continuous_source
from collapse_core.families.digits.detector import ImageDetector
from collapse_core.families.digits.model import real_digits
from collapse_core.families.text.corpus import load_corpus
from collapse_core.families.text.detector import SentenceDetector
from collapse_core.filtering import FILTER_METRICS
from collapse_core.learned_filter import (
    CANDIDATE_BATCHES,
    HELD_OUT,
    LearnedFilter,
    _Tally,
    train_detector,
)

# The models whose family has a detector (the others refuse the learned filter).
DETECTED = [model for model in MODELS if CARDS[model].detector is not None]
Z = 4.5


def _settings(model: str, **changes) -> Settings:
    return Settings(generations=3, sample_size=SMALL_SAMPLE[model], runs=2, seed=21,
                    human_fraction=0.3, **changes)


# --- every model -------------------------------------------------------------------------------


@pytest.mark.parametrize("model", DETECTED)
def test_watching_leaves_the_run_as_it_was_and_measures_an_accuracy(model):
    plain = simulate(build_experiment(model), _settings(model)).metrics
    watched = simulate(build_experiment(model), _settings(model, filter="detect")).metrics
    assert list(watched.columns) == [*plain.columns, *FILTER_METRICS]
    pd.testing.assert_frame_equal(watched[plain.columns], plain)  # its own stream only
    first, later = watched[watched.generation == 0], watched[watched.generation > 0]
    assert first["detector_accuracy"].isna().all()
    assert later["detector_accuracy"].between(0, 1).all()
    np.testing.assert_allclose(later["ai_share"], 0.7, atol=0.5 / SMALL_SAMPLE[model])
    assert (later["screened"] == 1).all()
    for name in ("ai_caught", "human_rejected"):
        assert later[name].between(0, 1).all(), name


@pytest.mark.parametrize("model", DETECTED)
def test_the_learned_filter_fills_every_training_set_within_its_bound(model):
    settings = _settings(model, filter="learned", human_data="fresh")
    metrics = simulate(build_experiment(model), settings).metrics
    later = metrics[metrics.generation > 0]
    assert later["screened"].between(1, CANDIDATE_BATCHES).all()
    assert later["ai_share"].between(0, 1).all()
    assert later["detector_accuracy"].between(0, 1).all()
    numbers = [c for c in metrics.columns
               if c not in FILTER_METRICS and pd.api.types.is_numeric_dtype(metrics[c])]
    assert np.isfinite(later[numbers].to_numpy(float)).all()


@pytest.mark.parametrize("model", ["gaussian", "kde", "markov", "digits"])
def test_a_learned_run_does_not_depend_on_the_runs_or_generations_that_follow(model):
    settings = replace(_settings(model, filter="learned"), generations=99)
    recursion = Recursion(build_experiment(model), settings)
    for generations in (2, 3, 1):
        assert_same_result(recursion.result(generations), simulate(
            build_experiment(model), replace(settings, generations=generations)))
    more = simulate(build_experiment(model), replace(settings, generations=3, runs=3)).metrics
    pd.testing.assert_frame_equal(more[more.run < 2].reset_index(drop=True),
                                  recursion.result(3).metrics)


# --- the detector -------------------------------------------------------------------------------


def test_the_quick_probabilities_are_scikit_learns():
    # train_detector's judge computes P(AI) from the fitted parameters; predict_proba agrees.
    rng = np.random.default_rng(0)
    kinds = [
        (ValueDetector(continuous_source("bell")), rng.normal(0, 1, 80), rng.normal(0.5, 2, 80)),
        (ImageDetector(), real_digits().images[:60], np.clip(
            real_digits().images[60:120] + rng.normal(0, 3, (60, 64)), 0, 16)),
    ]
    corpus = load_corpus("python-docs")
    kinds.append((SentenceDetector(corpus), corpus.train[:3000], corpus.train[-3000:]))
    for kind, human, produced in kinds:
        human, produced = kind.units(human), kind.units(produced)
        x = kind.features(kind.join([human, produced]))
        classifier = kind.classifier(7).fit(x, np.repeat([0, 1], [len(human), len(produced)]))
        quick = 1 / (1 + np.exp(-kind.log_odds(classifier, x)))
        np.testing.assert_allclose(quick, classifier.predict_proba(x)[:, 1], rtol=1e-9,
                                   atol=1e-12)


def test_accuracy_is_the_average_of_both_sides_right():
    kind = ValueDetector(continuous_source("bell"))
    rng = np.random.default_rng(3)
    human, produced = rng.normal(-3, 1, 200), rng.normal(3, 1, 200)  # easy to tell apart
    judge, accuracy = train_detector(kind, human, produced, rng.normal(-3, 1, 60), rng)
    assert accuracy == 1.0 and np.all(judge(rng.normal(-3, 1, 50)) < 0.5)
    # Too little to learn from: no detector, nothing flagged.
    assert train_detector(kind, human, produced[:1], human[:5], rng) [0] is None
    assert math.isnan(train_detector(kind, human[:0], produced, human[:5], rng)[1])


@pytest.mark.slow
def test_a_well_fitted_model_is_told_apart_at_chance_level_at_generation_1():
    # Generation 1's detector compares generation 0's output (a Gaussian fitted to 1,000
    # points) with human data. Each run holds out 300 of each side; at chance, its accuracy
    # (the mean of two shares of 300) has SE sqrt(0.25 / 300 + 0.25 / 300) / 2, and the mean
    # over R runs that divided by sqrt(R).
    runs, n = 200, 1000
    for human_data in ("original", "fresh"):
        metrics = simulate(build_experiment("gaussian"), Settings(
            generations=1, sample_size=n, runs=runs, seed=31, human_data=human_data,
            filter="detect")).metrics
        accuracy = metrics.loc[metrics.generation == 1, "detector_accuracy"]
        held = round(HELD_OUT * n)
        se = math.sqrt(0.25 / held + 0.25 / held) / 2 / math.sqrt(runs)
        assert abs(accuracy.mean() - 0.5) < Z * se, (human_data, accuracy.mean(), se)


@pytest.mark.slow
def test_the_detector_catches_a_collapsing_model_once_it_has_drifted():
    # Pure self-training with 20 points a generation: the spread collapses, and a detector
    # that only watches (the run is the unfiltered one) tells its output from human data
    # better and better. Means over 60 runs, SE = sd / sqrt(runs) from the runs.
    metrics = simulate(build_experiment("gaussian"), Settings(
        generations=40, sample_size=20, runs=60, seed=41, filter="detect")).metrics
    by = metrics.pivot(index="run", columns="generation", values="detector_accuracy")
    early, late = by[1].to_numpy(), by[40].to_numpy()
    se = math.hypot(early.std(ddof=1), late.std(ddof=1)) / math.sqrt(len(early))
    assert late.mean() - early.mean() > Z * se
    assert abs(early.mean() - 0.5) < Z * early.std(ddof=1) / math.sqrt(len(early))
    assert late.mean() > 0.7
    spread = metrics.pivot(index="run", columns="generation", values="std")
    assert spread[40].median() < 0.5 * spread[0].median()  # it did collapse


def test_the_filter_drops_what_the_detector_flags():
    # Sampling at temperature 2 blows the spread up; a detector learns to tell, and the
    # filter drops more of the AI-made candidates than of the human ones, so that less of the
    # training set is AI-made than the 80% of the mix, and the spread stays nearer the human
    # data's than without the filter. Means over run-generations with SE = sd / sqrt(count).
    settings = Settings(generations=8, sample_size=100, runs=20, seed=5, human_fraction=0.2,
                        temperature=2.0, human_data="fresh")
    plain = simulate(build_experiment("gaussian"), settings).metrics
    metrics = simulate(build_experiment("gaussian"), replace(settings, filter="learned")).metrics
    later = metrics[metrics.generation > 0]

    def se(values):
        return values.std(ddof=1) / math.sqrt(len(values))

    assert later["ai_share"].mean() < 0.8 - Z * se(later["ai_share"])
    caught_more = later["ai_caught"] - later["human_rejected"]
    assert caught_more.mean() > Z * se(caught_more)
    last = metrics.generation == 8
    assert (np.abs(np.log(metrics.loc[last, "std"])).median()
            < np.abs(np.log(plain.loc[plain.generation == 8, "std"])).median())


class _Everything:
    """A judge that flags every candidate, the later ones as a little less AI-looking."""

    def __call__(self, units):
        return np.linspace(0.99, 0.9, len(units))


def test_at_the_bound_the_most_human_looking_candidates_make_up_the_rest():
    kind = ValueDetector(continuous_source("bell"))
    drawn = []

    def draw(count, made_by_ai):
        values = np.arange(count, dtype=float) + 1000 * len(drawn) + (0.5 if made_by_ai else 0)
        drawn.append(values)
        return values

    tally = _Tally(kind, _Everything())
    training, ai_items, batches = LearnedFilter._collect(
        kind, 10, 3, draw, tally, np.random.default_rng(0))
    assert batches == CANDIDATE_BATCHES and len(drawn) == 2 * CANDIDATE_BATCHES
    assert tally.human_seen == 3 * CANDIDATE_BATCHES == tally.human_rejected
    assert tally.ai_seen == 7 * CANDIDATE_BATCHES == tally.ai_rejected
    # Each batch's last candidates are the most human-looking (p = 0.9): the last AI items.
    assert np.all(training == np.concatenate(drawn)[_least_ai_looking(drawn, 10)])
    assert ai_items == 10


def _least_ai_looking(drawn: list, count: int) -> np.ndarray:
    """Positions, in all the drawn candidates, of the `count` with the lowest _Everything p."""
    p = np.concatenate([_Everything()(np.concatenate(drawn[i : i + 2]))
                        for i in range(0, len(drawn), 2)])
    return np.argsort(p, kind="stable")[:count]


# --- what "rare" means ----------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["bell", "three-modes", "heavy-tail"])
def test_rare_values_are_the_thinnest_tenth_of_the_source(source):
    chosen = continuous_source(source)
    x = chosen.distribution.sample(100_000, np.random.default_rng(1))
    share = ValueDetector(chosen).is_rare(x).mean()
    # A binomial share of 100,000 draws: SE = sqrt(p (1 - p) / n), plus the grid's rounding.
    assert abs(share - RARE_SHARE) < Z * math.sqrt(0.09 / x.size) + 0.002
    if source == "bell":  # beyond +-1.645 sd, where 10% of a bell lies
        np.testing.assert_array_equal(ValueDetector(chosen).is_rare(np.array([1.6, 1.7])),
                                      [False, True])


def test_unusual_handwriting_is_a_tenth_of_the_real_digits():
    assert ImageDetector.is_rare(real_digits().images).mean() == pytest.approx(RARE_SHARE,
                                                                               abs=0.005)


def test_rare_sentences_hold_a_word_the_corpus_hardly_uses():
    corpus = load_corpus("python-docs")
    kind = SentenceDetector(corpus)
    sentences = kind.units(corpus.train)
    rare = kind.is_rare(sentences)
    assert 0.02 < rare.mean() < 0.5
    counts = corpus.word_counts
    for sentence, flag in zip(sentences[:300], rare[:300], strict=True):
        uses = counts[sentence[sentence != 0]]
        assert flag == bool(((uses >= 1) & (uses <= 3)).any())


@pytest.mark.parametrize(("model", "changes"), [
    ("markov", {"human_fraction": 1.0, "filter": "detect"}),  # no AI-made text to judge
    ("markov", {"human_fraction": 1.0, "filter": "learned"}),
    ("markov", {"sample_size": 25, "filter": "learned"}),  # too few sentences to learn from
    ("digits", {"human_fraction": 0.0, "sample_size": 15, "filter": "learned"}),  # no human
    ("digits", {"human_fraction": 0.0, "sample_size": 10, "filter": "detect"}),
    ("kde", {"human_fraction": 1.0, "filter": "learned", "scheme": "accumulate"}),
])
def test_the_edges_of_the_mix_run_through(model, changes):
    settings = replace(_settings(model), **changes)
    metrics = simulate(build_experiment(model), settings).metrics
    later = metrics[metrics.generation > 0]
    assert len(metrics) == 2 * 4 and later["screened"].between(1, CANDIDATE_BATCHES).all()
    h = settings.human_count
    np.testing.assert_allclose(later["human_rejected"].isna(), h == 0)
    np.testing.assert_allclose(later["ai_caught"].isna(), h == settings.sample_size)
