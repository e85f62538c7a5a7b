"""The ideal filter against AI content: its counts, its limiting cases, what it does to a run,
and its checks. Statistical tolerances are Z standard errors of a mean over independent runs
or screenings, estimated from them (sd / sqrt(count)); the seeds are fixed."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_recursion import (
    SMALL_SAMPLE,
    _original,
    _recorded,
    assert_same_result,
)

from collapse_core import MODELS, Recursion, Settings, build_experiment, simulate, theory
from collapse_core.families.continuous.metrics import CONTINUOUS_METRICS
from collapse_core.fast_gaussian import gaussian_variances
from collapse_core.filtering import (
    FILTER_METRICS,
    MIN_PASS_RATE,
    FilterError,
    filtered_count,
    filtered_human_share,
    ideal_screen,
)
from collapse_core.runs import Runs, run_seeds

Z = 4.5


def ideal(recall: float = 0.0, false_positive: float = 0.0, **changes) -> dict:
    return {"filter": "ideal", "filter_recall": recall, "filter_false_positive": false_positive,
            **changes}


# --- Settings: bad values and filters that could never fill a training set -------------------


@pytest.mark.parametrize(("changes", "name"), [
    ({"filter": "magic"}, "filter"),
    (ideal(recall=1.2), "filter_recall"), (ideal(recall=-0.1), "filter_recall"),
    (ideal(recall=float("nan")), "filter_recall"),
    (ideal(false_positive=2.0), "filter_false_positive"),
    ({"filter_recall": 0.5}, "filter_recall"),  # without the ideal filter
    ({"filter": "learned", "filter_false_positive": 0.1}, "filter_false_positive"),
])
def test_bad_filter_settings_are_refused_naming_the_parameter(changes, name):
    with pytest.raises(ValueError, match=name):
        Settings(**changes)


@pytest.mark.parametrize(("changes", "generation"), [
    (ideal(recall=1.0), 1),  # no human data, and every AI item is caught
    (ideal(recall=1.0, false_positive=1.0, human_fraction=0.5), 1),
    (ideal(false_positive=1.0, human_fraction=1.0), 1),  # all human, all rejected
    (ideal(recall=1.0, human_fraction=0.5, human_fraction_end=0.0, ramp_generations=7), 8),
    (ideal(recall=1.0, human_fraction=0.0, human_fraction_end=0.5), 1),
])
def test_a_filter_that_lets_nothing_through_is_refused_before_any_run(changes, generation):
    with pytest.raises(FilterError, match=f"Nothing can pass the filter at generation "
                       f"{generation}") as info:
        Settings(sample_size=20, **changes)
    assert info.value.template.startswith("Nothing can pass")
    assert info.value.values == {"generation": generation}


def test_a_filter_that_lets_almost_nothing_through_is_refused_too():
    # 1 in 10,000 AI items passes and there is no human data: 10,000 N candidates a generation.
    with pytest.raises(FilterError, match="let through only 0.01% .* one item in 1,000"):
        Settings(**ideal(recall=0.9999))
    Settings(**ideal(recall=1 - 2 * MIN_PASS_RATE))  # 1 in 500 is allowed
    # Human data that passes makes a strict filter workable.
    Settings(sample_size=100, human_fraction=0.01, **ideal(recall=1.0))


# --- the counts --------------------------------------------------------------------------------


def test_screening_two_items_has_the_probabilities_worked_out_by_hand():
    # N = 2, one human and one AI candidate a batch, P = 0.5, R = 0. Half the time the first
    # batch passes whole (H = 1); else it yields one AI item, and the next batch gives a
    # second AI item (H = 0) or both (one taken at random: H = 1 half the time). So
    # E[H] = 0.5 + 0.5 * 0.5 * 0.5 = 0.625 and E[batches] = 0.5 * 1 + 0.5 * 2 = 1.5.
    screened = ideal_screen(1, 2, 0.0, 0.5, np.random.default_rng(1), size=200_000)
    for values, expected in ((screened.human, 0.625), (screened.batches, 1.5)):
        se = values.std() / math.sqrt(values.size)
        assert abs(values.mean() - expected) < Z * se


@pytest.mark.parametrize(("human", "n", "recall", "false_positive"), [
    (10, 100, 0.9, 0.0), (2, 20, 0.5, 0.3), (0, 50, 0.7, 0.0), (30, 30, 0.0, 0.4),
])
def test_screening_counts_add_up_and_pass_at_the_rates(human, n, recall, false_positive):
    screened = ideal_screen(human, n, recall, false_positive, np.random.default_rng(2), 20_000)
    assert np.all((screened.human >= 0) & (screened.human <= n))
    # Passes before the last batch are fewer than N, through the last batch at least N.
    assert np.all(screened.human_passed + screened.ai_passed >= n)
    assert np.all(screened.human <= screened.human_passed)
    ai = n - human
    for passed, count, rate in ((screened.human_passed, human, 1 - false_positive),
                                (screened.ai_passed, ai, 1 - recall)):
        if count:  # each candidate passes with its probability, batch after batch
            seen = count * screened.batches
            # The ratio's SE over screenings, by the delta method.
            ratio = passed.sum() / seen.sum()
            se = np.std(passed - ratio * seen) / (seen.mean() * math.sqrt(seen.size))
            assert abs(ratio - rate) < Z * se + 1e-12
    if 0 < human < n and recall < 1:  # about the long-run human share of what passes
        share = screened.human.mean() / n
        assert share == pytest.approx(filtered_human_share(human / n, recall, false_positive),
                                      abs=0.02)


def test_the_counts_a_filter_fixes():
    assert filtered_count(10, 100, 0.0, 0.0) == 10  # rejects nothing
    assert filtered_count(100, 100, 0.7, 0.0) == 100  # no AI item to catch
    assert filtered_count(0, 100, 0.0, 0.3) == 0  # no human item to reject
    assert filtered_count(10, 100, 1.0, 0.2) == 100  # every AI item caught
    assert filtered_count(10, 100, 0.5, 1.0) == 0  # every human item rejected
    assert filtered_count(10, 100, 0.5, 0.0) is None  # varies from run to run
    assert filtered_human_share(0.1, 0.9, 0.0) == pytest.approx(0.1 / 0.19)


# --- the limiting cases in the engine ------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_a_filter_that_rejects_nothing_gives_the_unfiltered_numbers(model):
    base = Settings(generations=3, sample_size=SMALL_SAMPLE[model], runs=2, seed=5,
                    human_fraction=0.3, human_fraction_end=0.1, ramp_generations=2)
    plain = simulate(build_experiment(model), base).metrics
    filtered = simulate(build_experiment(model), replace(base, **ideal())).metrics
    assert list(filtered.columns) == [*plain.columns, *FILTER_METRICS]
    pd.testing.assert_frame_equal(filtered[plain.columns], plain)
    later = filtered[filtered.generation > 0]
    shares = 1 - np.array([base.human_count_at(g) for g in later.generation]) / base.sample_size
    np.testing.assert_allclose(later["ai_share"], shares)
    assert (later["screened"] == 1).all() and (later["ai_caught"] == 0).all()
    assert (later["human_rejected"] == 0).all()


@pytest.mark.parametrize("changes", [
    ideal(recall=0.6, human_fraction=1.0),  # no AI candidate to catch
    ideal(false_positive=0.4),  # no human candidate to reject
])
def test_a_filter_with_nothing_to_reject_draws_nothing(changes):
    base = Settings(generations=4, sample_size=30, runs=2, seed=8)
    plain = simulate(build_experiment("kde"), replace(base, human_fraction=changes.get(
        "human_fraction", 0.0))).metrics
    filtered = simulate(build_experiment("kde"), replace(base, **changes)).metrics
    pd.testing.assert_frame_equal(filtered[plain.columns], plain)


def test_generation_0_is_all_human_and_nothing_is_screened():
    metrics = simulate(build_experiment("gaussian"), Settings(
        generations=2, sample_size=20, runs=3, human_fraction=0.2, **ideal(0.5))).metrics
    first = metrics[metrics.generation == 0]
    assert (first["ai_share"] == 0).all()
    assert first[[m for m in FILTER_METRICS if m != "ai_share"]].isna().all().all()


def test_catching_every_ai_item_with_fresh_data_trains_on_fresh_human_items_only():
    settings = Settings(generations=6, sample_size=30, seed=3, human_fraction=0.2,
                        human_data="fresh", **ideal(recall=1.0))
    log, metrics = _recorded(settings)
    seen = set(_original(settings))
    for g in range(1, 7):
        training = log["fits"][g][0]
        assert training.size == 30
        assert not np.isin(training, log["samples"][g - 1]).any()  # nothing the model made
        assert not seen.intersection(training)  # and fresh: never seen before
        seen.update(training)
    later = metrics[metrics.generation > 0]
    assert (later["ai_share"] == 0).all() and (later["ai_caught"] == 1).all()
    assert (later["screened"] == 5).all()  # 6 human items a batch: 5 batches for 30


def test_catching_every_ai_item_with_the_original_sample_keeps_the_first_fit():
    settings = Settings(generations=10, sample_size=25, runs=2, seed=6, human_fraction=0.4,
                        **ideal(recall=1.0, false_positive=0.3))
    metrics = simulate(build_experiment("gaussian"), settings).metrics
    for run, frame in metrics.groupby("run"):
        original = _original(settings, run=run)
        # 25 items drawn without replacement from the 25 of the original sample: itself.
        np.testing.assert_allclose(frame["std"], original.std(), rtol=1e-12)
        np.testing.assert_allclose(frame["mean"], original.mean(), atol=1e-13)


def test_rejecting_every_human_item_trains_on_the_models_output_only():
    settings = Settings(generations=4, sample_size=20, runs=2, seed=2, human_fraction=0.5,
                        **ideal(recall=0.3, false_positive=1.0))
    metrics = simulate(build_experiment("gaussian"), settings).metrics
    later = metrics[metrics.generation > 0]
    assert (later["ai_share"] == 1).all() and (later["human_rejected"] == 1).all()


def _final_variances(runs: int, seed: int, generations: int, **settings) -> np.ndarray:
    """Fitted variances (runs, generations + 1) of the main engine's Gaussian on `bell`."""
    result = simulate(build_experiment("gaussian", source="bell"),
                      Settings(generations=generations, runs=runs, seed=seed, **settings))
    return result.metrics.pivot(index="run", columns="generation", values="std").to_numpy() ** 2


@pytest.mark.slow
def test_with_every_ai_item_caught_the_variance_follows_the_all_fresh_theory():
    n, generations = 10, 8
    var = _final_variances(2000, 900, generations, sample_size=n, human_fraction=0.2,
                           human_data="fresh", **ideal(recall=1.0))
    expected = theory.expected_variance_fresh(generations, n, 1.0)  # c s0^2 every generation
    np.testing.assert_allclose(expected, 0.9)
    se = var.std(axis=0, ddof=1) / np.sqrt(len(var))
    z = (var.mean(axis=0) - expected) / se
    assert np.all(np.abs(z) < Z), np.round(z, 2)
    # Without the filter this setting's theory is far lower: the test tells them apart.
    assert theory.expected_variance_fresh(generations, n, 0.2)[-1] < 0.9 - 10 * se.max()


@pytest.mark.slow
@pytest.mark.parametrize("human_data", ["fresh", "original"])
def test_a_higher_recall_keeps_more_of_the_spread(human_data):
    # 10% human data in every generation; the filter raises its share in what passes (about
    # 10%, 18%, 53% at recalls 0, 0.5, 0.9). Over 1,000 runs each, the mean log variance
    # after 30 generations (the typical run's spread; the variance itself is heavy-tailed)
    # rises with the recall by more than Z standard errors of each difference (independent
    # runs: SE = sqrt(se1^2 + se2^2), each sd / sqrt(runs)).
    finals = {}
    for recall in (0.0, 0.5, 0.9):
        var = _final_variances(1000, 1000 + int(recall * 10), 30, sample_size=20,
                               human_fraction=0.1, human_data=human_data,
                               **ideal(recall=recall))
        finals[recall] = np.log(var[:, -1])
    for low, high in ((0.0, 0.5), (0.5, 0.9)):
        gap = finals[high].mean() - finals[low].mean()
        se = np.hypot(*(finals[r].std(ddof=1) / np.sqrt(finals[r].size) for r in (low, high)))
        assert gap > Z * se, (low, high, gap, se)


def test_the_fast_engine_agrees_on_the_limits_and_in_distribution():
    settings = Settings(generations=6, sample_size=10, runs=20_000, human_fraction=0.3,
                        human_data="fresh", **ideal(recall=1.0))
    variances = gaussian_variances(settings, np.random.default_rng(4))
    se = variances.std(axis=0, ddof=1) / np.sqrt(settings.runs)
    assert np.all(np.abs(variances.mean(axis=0) - theory.expected_variance_fresh(6, 10, 1.0))
                  < Z * se)
    plain = replace(settings, filter="none", filter_recall=0.0, runs=50)
    np.testing.assert_array_equal(
        gaussian_variances(replace(plain, **ideal()), np.random.default_rng(4)),
        gaussian_variances(plain, np.random.default_rng(4)))
    # At recall 0.6 (a random share of human items): the main engine's distribution.
    middle = replace(settings, runs=1500, generations=10, **ideal(recall=0.6))
    fast = gaussian_variances(middle, np.random.default_rng(5))[:, -1]
    engine = _final_variances(1500, 12, 10, sample_size=10, human_fraction=0.3,
                              human_data="fresh", **ideal(recall=0.6))[:, -1]
    se = np.hypot(fast.std(ddof=1) / np.sqrt(fast.size), engine.std(ddof=1) / np.sqrt(
        engine.size))
    assert abs(fast.mean() - engine.mean()) < Z * se


# --- a run's numbers stand alone ---------------------------------------------------------------


@pytest.mark.parametrize("model", ["gaussian", "markov", "digits"])
def test_a_filtered_run_does_not_depend_on_the_runs_or_generations_that_follow(model):
    settings = Settings(generations=99, sample_size=SMALL_SAMPLE[model], runs=2, seed=7,
                        human_fraction=0.3, human_fraction_end=0.6, ramp_generations=2,
                        **ideal(recall=0.7, false_positive=0.2))
    recursion = Recursion(build_experiment(model), settings)
    for generations in (2, 4, 1):
        assert_same_result(recursion.result(generations), simulate(
            build_experiment(model), replace(settings, generations=generations)))
    more = simulate(build_experiment(model), replace(settings, generations=4, runs=3)).metrics
    pd.testing.assert_frame_equal(more[more.run < 2].reset_index(drop=True),
                                  recursion.result(4).metrics)
    # Run 1 advanced alone, from its own streams, has the numbers it has among the others.
    seed = run_seeds(settings.seed, settings.runs)[1]
    alone = Runs(build_experiment(model), settings, [seed], first=1)
    rows = pd.DataFrame([{k: v[0] for k, v in alone.advance().items()} for _ in range(5)])
    run1 = recursion.result(4).metrics
    pd.testing.assert_frame_equal(rows, run1[run1.run == 1].drop(columns=["run", "generation"])
                                  .reset_index(drop=True), check_dtype=False)


def test_the_filter_changes_only_the_metrics_it_should():
    metrics = simulate(build_experiment("gaussian"), Settings(
        generations=3, sample_size=40, runs=2, human_fraction=0.2, **ideal(0.5))).metrics
    assert list(metrics.columns) == ["run", "generation", *CONTINUOUS_METRICS, *FILTER_METRICS]
    later = metrics[metrics.generation > 0]
    assert later["ai_share"].between(0, 1).all() and (later["screened"] >= 1).all()
    assert later[["rare_human_rejected", "common_human_rejected", "detector_accuracy"]
                 ].isna().all().all()  # the ideal filter does not look at items


# --- the Compare page's strategies ------------------------------------------------------------


def test_filter_strategies_run_the_ideal_filter_at_a_recall_and_the_learned_one():
    from collapse_core.strategies import DEFAULT_RECALL, FILTER_STRATEGIES, STRATEGIES

    base = Settings(generations=3, sample_size=30, runs=2, seed=3, human_fraction_end=0.05,
                    **ideal(recall=0.3))
    ideal_strategy, learned = FILTER_STRATEGIES
    s = ideal_strategy.settings(base, 0.1, recall=0.75)
    assert (s.filter, s.filter_recall, s.human_fraction, s.human_data) == (
        "ideal", 0.75, 0.1, "fresh")
    assert s.human_fraction_end == 0.05  # the web's schedule, when the page has one
    assert ideal_strategy.settings(base, 0.1).filter_recall == DEFAULT_RECALL
    s = learned.settings(base, 0.2, recall=0.75)
    assert (s.filter, s.filter_recall, s.human_fraction) == ("learned", 0.0, 0.2)
    # The other strategies run without a filter, and without human data run no schedule.
    for strategy in STRATEGIES:
        s = strategy.settings(base, 0.2)
        assert s.filter == "none" and s.filter_recall == 0.0
        assert s.human_fraction_end == (0.05 if strategy.uses_fraction else None)
    metrics = simulate(build_experiment("gaussian"), learned.settings(base, 0.2)).metrics
    assert metrics.loc[metrics.generation > 0, "detector_accuracy"].between(0, 1).all()


def training_shares(settings: Settings, generations: int) -> np.ndarray | None:
    """The human share of the training sets of generations 1..G as the engine makes them: the
    schedule's counts, through an ideal filter that fixes them (filtered_count), over N. For
    theory, e.g. theory.expected_variance_fresh(G, N, shares). None when the filter makes the
    share vary from run to run (an ideal one that may reject either kind, or the learned one)."""
    n, rates = settings.sample_size, (settings.filter_recall, settings.filter_false_positive)
    counts = settings.human_counts(generations)[1:]
    if settings.filter == "learned":
        return None
    if settings.filter == "ideal":
        fixed = [filtered_count(int(h), n, *rates) for h in counts]
        if None in fixed:
            return None
        counts = np.array(fixed)
    return counts / n


def test_training_shares_give_theory_the_engines_share_where_it_is_fixed():
    web = {"sample_size": 20, "human_fraction": 0.5, "human_fraction_end": 0.1,
           "ramp_generations": 4}
    np.testing.assert_array_equal(training_shares(Settings(**web), 6),
                                  [0.5, 0.4, 0.3, 0.2, 0.1, 0.1])
    np.testing.assert_array_equal(training_shares(Settings(**web, filter="detect"), 6),
                                  training_shares(Settings(**web), 6))
    np.testing.assert_array_equal(training_shares(Settings(**web, **ideal(recall=1.0)), 3), 1.0)
    np.testing.assert_array_equal(
        training_shares(Settings(**web, **ideal(recall=0.2, false_positive=1.0)), 3), 0.0)
    assert training_shares(Settings(**web, **ideal(recall=0.5)), 3) is None
    assert training_shares(Settings(**web, filter="learned"), 3) is None


# --- any settings ---------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=st.sampled_from(["gaussian", "mixture", "kde"]),
       source=st.sampled_from(["bell", "three-modes", "heavy-tail"]),
       sample_size=st.integers(2, 120), fraction=st.floats(0, 1), end=st.none() | st.floats(0, 1),
       ramp=st.integers(1, 5), human_data=st.sampled_from(["original", "fresh"]),
       scheme=st.sampled_from(["replace", "accumulate"]), temperature=st.floats(0.1, 2.0),
       kind=st.sampled_from(["ideal", "learned", "detect"]), recall=st.floats(0, 1),
       false_positive=st.floats(0, 1), seed=st.integers(0, 2**32))
def test_any_filtered_settings_give_a_full_table_or_refuse_before_running(
        model, source, sample_size, fraction, end, ramp, human_data, scheme, temperature, kind,
        recall, false_positive, seed):
    rates = ({"filter_recall": recall, "filter_false_positive": false_positive}
             if kind == "ideal" else {})
    try:
        config = Settings(generations=4, sample_size=sample_size, runs=2, seed=seed,
                          human_fraction=fraction, human_fraction_end=end, ramp_generations=ramp,
                          human_data=human_data, scheme=scheme, temperature=temperature,
                          filter=kind, **rates)
    except FilterError:  # only the ideal filter can be unable to collect a training set
        assert kind == "ideal"
        return
    with np.errstate(all="ignore"):  # spikes overflow (x - m) / sd harmlessly
        metrics = simulate(build_experiment(model, source=source), config).metrics
    assert len(metrics) == 2 * 5
    later = metrics[metrics.generation > 0]
    assert later["ai_share"].between(0, 1).all()
    assert later["screened"].between(1, 1 / MIN_PASS_RATE * 10).all()
    for name in ("ai_caught", "human_rejected", "rare_human_rejected", "common_human_rejected",
                 "detector_accuracy"):
        values = later[name].dropna()
        assert values.between(0, 1).all(), name
    assert np.isfinite(metrics[list(CONTINUOUS_METRICS)].to_numpy(float)).all()
