"""The human share that changes over the generations (the web fills with AI content): the
schedule in Settings, the engine that follows it, and the theory it must agree with.

Statistical tests compare, generation by generation, the mean of the fitted variance over
thousands of runs with the closed form; the tolerance is Z standard errors of that mean, the
standard error estimated from the runs themselves (sd / sqrt(runs)), as in
tests/test_theory_agreement.py. The source `bell` is N(0, 1).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from oracle import per_run
from test_recursion import SMALL_SAMPLE, _recorded, assert_same_example, assert_same_result

from collapse_core import MODELS, Recursion, Settings, build_experiment, simulate, theory
from collapse_core.fast_gaussian import gaussian_variances
from collapse_core.settings import MAX_GENERATIONS

Z = 4.5  # standard errors allowed; the seeds are fixed, so each test is deterministic
WEB = {"human_fraction": 0.8, "human_fraction_end": 0.1, "ramp_generations": 6}


def _schedule(g: int, f0: float, f1: float, k: int) -> float:
    """The issue's formula, written out: f0 + (f1 - f0) * min(g - 1, K) / K."""
    return f0 + (f1 - f0) * min(g - 1, k) / k


# --- Settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("human_fraction_end", -0.1), ("human_fraction_end", 1.5),
    ("human_fraction_end", float("nan")), ("human_fraction_end", "half"),
    ("ramp_generations", 0), ("ramp_generations", 2.5), ("ramp_generations", True),
    ("ramp_generations", MAX_GENERATIONS + 1),
])
def test_bad_schedules_are_refused_naming_the_parameter(field, value):
    with pytest.raises(ValueError, match=field):
        Settings(**{field: value})


@pytest.mark.parametrize(("f0", "f1", "k", "n"), [
    (0.9, 0.5, 30, 100), (0.1, 0.6, 4, 20), (0.0, 1.0, 7, 13), (0.5, 0.5, 3, 10), (1.0, 0.0, 1, 8),
])
def test_the_human_count_follows_the_formula_rounded_as_today(f0, f1, k, n):
    s = Settings(sample_size=n, human_fraction=f0, human_fraction_end=f1, ramp_generations=k)
    assert s.human_count_at(0) == n  # the original sample is all human
    for g in range(1, k + 10):
        share = _schedule(g, f0, f1, k)
        assert s.human_share_at(g) == pytest.approx(share, abs=1e-12)
        assert s.human_count_at(g) == int(share * n + 0.5) or abs(share * n % 1 - 0.5) < 1e-9
    assert s.human_share_at(k + 1) == f1 == s.human_share_at(k + 50)  # exactly, then stays
    assert s.human_count_at(1) == Settings(sample_size=n, human_fraction=f0).human_count
    np.testing.assert_array_equal(s.human_counts(5), [s.human_count_at(g) for g in range(6)])


def test_without_an_end_the_share_stays_and_the_ramp_is_ignored():
    for k in (1, 30):
        s = Settings(sample_size=50, human_fraction=0.3, ramp_generations=k)
        assert {s.human_count_at(g) for g in range(1, 40)} == {s.human_count} == {15}


# --- the engine ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_all_runs_together_follow_the_schedule_as_one_run_at_a_time(model):
    # Bit for bit against the per-run oracle, which asks Settings.human_count_at each
    # generation; the share falls to 0 on the way (no human items drawn at all).
    settings = Settings(generations=5, sample_size=SMALL_SAMPLE[model], runs=3, seed=13,
                        human_fraction=0.5, human_fraction_end=0.0, ramp_generations=3,
                        human_data="fresh" if model in ("kde", "digits") else "original")
    result = simulate(build_experiment(model), settings)
    metrics, example = per_run(build_experiment(model), settings)
    pd.testing.assert_frame_equal(result.metrics, metrics)
    assert_same_example(result.example, example)


def test_each_training_set_holds_the_scheduled_number_of_human_items():
    settings = Settings(generations=8, sample_size=40, seed=3, **WEB)
    log, _ = _recorded(settings)
    for g in range(1, 9):
        h = settings.human_count_at(g)
        training = log["fits"][g][0]
        assert training.size == 40
        # The rest is the previous generation's output, in order.
        np.testing.assert_array_equal(training[h:], log["samples"][g - 1][0, : 40 - h])
        assert not np.isin(training[:h], log["samples"][g - 1][0]).any()


def test_a_flat_schedule_gives_the_numbers_of_a_constant_share():
    constant = Settings(generations=6, sample_size=30, runs=2, seed=4, human_fraction=0.3)
    flat = replace(constant, human_fraction_end=0.3, ramp_generations=2)
    pd.testing.assert_frame_equal(simulate(build_experiment("mixture"), flat).metrics,
                                  simulate(build_experiment("mixture"), constant).metrics)


@pytest.mark.parametrize("model", ["gaussian", "markov"])
def test_a_scheduled_run_does_not_depend_on_the_runs_or_generations_that_follow(model):
    settings = Settings(generations=99, sample_size=SMALL_SAMPLE[model], runs=2, seed=9,
                        human_fraction=0.6, human_fraction_end=0.1, ramp_generations=4)
    recursion = Recursion(build_experiment(model), settings)
    for generations in (3, 7, 2):  # within the ramp, past it, shorter
        expected = simulate(build_experiment(model), replace(settings, generations=generations))
        assert_same_result(recursion.result(generations), expected)
    more = simulate(build_experiment(model), replace(settings, generations=7, runs=4)).metrics
    pd.testing.assert_frame_equal(more[more.run < 2].reset_index(drop=True),
                                  recursion.result(7).metrics)


# --- theory ---------------------------------------------------------------------------------


def test_theorys_fractions_are_the_engines_counts():
    s = Settings(sample_size=30, human_fraction=0.75, human_fraction_end=0.05,
                 ramp_generations=9)
    fractions = theory.human_fractions(20, 30, 0.75, 0.05, 9)
    np.testing.assert_array_equal(fractions * 30, s.human_counts(20)[1:])
    np.testing.assert_array_equal(theory.human_fractions(5, 30, 0.75),
                                  np.full(5, s.human_count / 30))


def test_the_schedule_in_expected_variance_is_the_fresh_recursion_with_those_fractions():
    fractions = theory.human_fractions(12, 10, 0.8, 0.1, 6)
    np.testing.assert_allclose(
        theory.expected_variance(12, 10, fresh_fraction=0.8, fresh_fraction_end=0.1,
                                 ramp_generations=6),
        theory.expected_variance_fresh(12, 10, fractions))
    # A constant sequence is the constant fraction.
    np.testing.assert_allclose(theory.expected_variance_fresh(12, 10, np.full(12, 0.3)),
                               theory.expected_variance_fresh(12, 10, 0.3))
    # Generation g depends on the fractions of generations 1..g only.
    longer = theory.expected_variance_fresh(15, 10, np.r_[fractions, 0.5, 0.9, 0.0])
    np.testing.assert_allclose(longer[:13], theory.expected_variance_fresh(12, 10, fractions))
    # A share that falls back to 0 ends as plain collapse: E[var] shrinks by c a generation.
    ending = theory.expected_variance_fresh(8, 10, [0.5, 0.5, 0, 0, 0, 0, 0, 0])
    np.testing.assert_allclose(ending[4:] / ending[3:-1], 0.9)


def test_the_original_sample_recursion_conserves_the_sample_variance_and_its_limits():
    n = 12
    e, d = theory._iterate(theory._original_step, 30, n, np.linspace(0.9, 0.1, 30),
                           "human_fraction")
    np.testing.assert_allclose(e + d, 1.0, rtol=1e-13)  # E[var] + E[(mean - m0)^2] = S0
    c = (n - 1) / n
    # All human data from the original sample: the training set is the sample, reshuffled.
    np.testing.assert_allclose(theory.expected_variance_original(5, n, 1.0), c)
    # None: plain collapse from the original sample's fit.
    np.testing.assert_allclose(theory.expected_variance_original(5, n, 0.0),
                               theory.expected_variance_mle(5, n))
    with pytest.raises(ValueError, match="human_fraction"):
        theory.expected_variance_original(3, n, [0.5, 2.0, 0.1])
    with pytest.raises(ValueError, match="fresh_fraction"):
        theory.expected_variance_fresh(3, n, [0.5, 0.1])  # one fraction per generation 1..3


def _variances(runs: int, seed: int, **settings) -> np.ndarray:
    """(runs, generations + 1) fitted variances of the main engine's Gaussian on `bell`."""
    result = simulate(build_experiment("gaussian", source="bell"),
                      Settings(runs=runs, seed=seed, **settings))
    return result.metrics.pivot(index="run", columns="generation", values="std").to_numpy() ** 2


def _assert_mean_agrees(samples: np.ndarray, expected: np.ndarray, what: str) -> None:
    """Column means within Z standard errors (sd / sqrt(runs), from the runs) of expected."""
    se = samples.std(axis=0, ddof=1) / np.sqrt(len(samples))
    z = (samples.mean(axis=0) - expected) / se
    assert np.all(np.abs(z) < Z), f"{what}: z-scores by generation {np.round(z, 2)}"


N, G = 10, 12  # the ramp runs from 80% (8 items) to 10% (1 item) over 6 generations


@pytest.mark.slow
def test_a_falling_fresh_share_follows_the_recursion_generation_by_generation():
    var = _variances(2000, 700, generations=G, sample_size=N, human_data="fresh", **WEB)
    expected = theory.expected_variance(G, N, fresh_fraction=0.8, fresh_fraction_end=0.1,
                                        ramp_generations=6)
    _assert_mean_agrees(var, expected, "E[var], fresh share 80% -> 10%")
    # The theory moves by far more than the tolerance: from near the truth to the 10% level.
    assert expected[1] > 0.88 and expected[-1] < 0.75


@pytest.mark.slow
def test_a_rising_share_of_the_original_sample_follows_its_recursion():
    var = _variances(2000, 800, generations=G, sample_size=N, human_data="original",
                     human_fraction=0.1, human_fraction_end=0.7, ramp_generations=5)
    expected = theory.expected_variance_original(G, N, theory.human_fractions(G, N, 0.1, 0.7, 5))
    _assert_mean_agrees(var, expected, "E[var], original share 10% -> 70%")
    # The spread first falls (little human data), then climbs back as the share grows.
    low = int(np.argmin(expected))
    assert 0 < low < G and expected[-1] > expected[low] + 0.05


def test_the_fast_engine_follows_the_schedule_too():
    # 20,000 runs of the phase map's engine, fresh and original, against both recursions.
    for human_data, formula in (("fresh", theory.expected_variance_fresh),
                                ("original", theory.expected_variance_original)):
        settings = Settings(generations=G, sample_size=N, runs=20_000, human_data=human_data,
                            **WEB)
        variances = gaussian_variances(settings, np.random.default_rng(11))
        _assert_mean_agrees(variances, formula(G, N, theory.human_fractions(G, N, 0.8, 0.1, 6)),
                            f"fast engine, {human_data}")


def test_theory_tells_a_falling_share_from_a_constant_one():
    # What the tests above could not miss: the schedule's curve and the constant ones differ
    # by many tolerances (at 2,000 runs the SE of E[var] is about 0.01).
    falling = theory.expected_variance_fresh(G, N, theory.human_fractions(G, N, 0.8, 0.1, 6))
    assert np.all(falling[6:] < theory.expected_variance_fresh(G, N, 0.8)[6:] - 0.08)
    assert np.all(falling[2:8] > theory.expected_variance_fresh(G, N, 0.1)[2:8] + 0.09)
