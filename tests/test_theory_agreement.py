"""The simulation engine against the closed forms of collapse_core.theory (1-D Gaussian).

Each scenario runs collapse_core.simulate(build_experiment("gaussian", ...)) thousands of times
with fixed seeds, then compares, generation by generation, an average over runs with its exact
expectation. Tolerances are Z standard errors of that average, and the standard errors are
estimated from the simulated runs themselves: SE(mean of X) = sd(X) / sqrt(R) over the R
independent runs; for a variance, SE(sample variance) = sqrt((m4 - m2^2) / R) with the central
moments m2, m4 of the runs. The source `bell` is N(0, 1): mu0 = 0, s0 = 1.

The engine costs about 0.5 ms per (run, generation) (mostly the metrics: a Wasserstein
integral over ~480 grid points per generation), so each scenario below takes 5-15 s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from collapse_core import Settings, build_experiment, simulate, theory
from collapse_core.settings import MAX_RUNS

Z = 4.5  # standard errors allowed; the seeds are fixed, so each test is deterministic


def _simulate(runs: int, seed: int, estimator: str = "mle", **settings) -> pd.DataFrame:
    """Metrics of `runs` independent runs (in chunks of MAX_RUNS, one seed per chunk)."""
    experiment = build_experiment("gaussian", source="bell", estimator=estimator)
    frames = []
    for chunk, start in enumerate(range(0, runs, MAX_RUNS)):
        count = min(MAX_RUNS, runs - start)
        result = simulate(experiment, Settings(runs=count, seed=seed + chunk, **settings))
        frame = result.metrics.copy()
        frame["run"] += start
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _by_generation(table: pd.DataFrame, column: str) -> np.ndarray:
    """A (runs, generations) array of one metric."""
    wide = table.pivot(index="run", columns="generation", values=column)
    return wide.to_numpy(dtype=float)


def _assert_mean_agrees(samples: np.ndarray, expected: np.ndarray, what: str) -> None:
    """Column means of samples (runs x generations) within Z standard errors of expected."""
    runs = samples.shape[0]
    mean = samples.mean(axis=0)
    se = samples.std(axis=0, ddof=1) / np.sqrt(runs)
    z = (mean - expected) / se
    assert np.all(np.abs(z) < Z), f"{what}: z-scores by generation {np.round(z, 2)}"


def _assert_variance_agrees(samples: np.ndarray, expected: np.ndarray, what: str) -> None:
    """Column variances (about the known centre 0) within Z standard errors of expected."""
    runs = samples.shape[0]
    m2 = np.mean(samples**2, axis=0)
    m4 = np.mean(samples**4, axis=0)
    se = np.sqrt((m4 - m2**2) / runs)
    z = (m2 - expected) / se
    assert np.all(np.abs(z) < Z), f"{what}: z-scores by generation {np.round(z, 2)}"


# --- scenarios, each simulated once per test session -----------------------------------------

N_REPLACE, G_REPLACE, RUNS_REPLACE = 10, 12, 2000
N_UNBIASED = 20  # the unbiased variance is heavy-tailed; N = 20 keeps its SE honest
N_OTHER, G_OTHER, RUNS_OTHER = 10, 10, 1000
TEMPERATURE = 0.7
FRESH = 0.3  # 3 of 10 items: theory's fresh iteration is exact when f N is an integer


@pytest.fixture(scope="module")
def mle_replace():
    return _simulate(RUNS_REPLACE, 100, generations=G_REPLACE, sample_size=N_REPLACE)


@pytest.fixture(scope="module")
def unbiased_replace():
    return _simulate(RUNS_REPLACE, 200, "unbiased", generations=G_REPLACE, sample_size=N_UNBIASED)


@pytest.fixture(scope="module")
def mle_temperature():
    return _simulate(RUNS_OTHER, 300, generations=G_OTHER, sample_size=N_OTHER,
                     temperature=TEMPERATURE)


@pytest.fixture(scope="module")
def mle_accumulate():
    return _simulate(RUNS_OTHER, 400, generations=G_OTHER, sample_size=N_OTHER,
                     scheme="accumulate")


@pytest.fixture(scope="module")
def mle_fresh():
    return _simulate(RUNS_OTHER, 500, generations=G_OTHER, sample_size=N_OTHER,
                     human_fraction=FRESH, human_data="fresh")


# --- MLE, replace --------------------------------------------------------------------------


@pytest.mark.slow
def test_mle_expected_variance_is_c_to_the_g_plus_1(mle_replace):
    var = _by_generation(mle_replace, "std") ** 2
    expected = theory.expected_variance(G_REPLACE, N_REPLACE, estimator="mle")
    np.testing.assert_allclose(expected, 0.9 ** np.arange(1, G_REPLACE + 2), rtol=1e-12)
    _assert_mean_agrees(var, expected, "E[var], MLE")


@pytest.mark.slow
def test_mle_variance_of_the_mean(mle_replace):
    means = _by_generation(mle_replace, "mean")
    expected = theory.variance_of_mean(G_REPLACE, N_REPLACE, estimator="mle")
    _assert_variance_agrees(means, expected, "Var[mean], MLE")
    _assert_mean_agrees(means, np.zeros(G_REPLACE + 1), "E[mean], MLE")


@pytest.mark.slow
def test_mle_conserves_variance_plus_squared_drift(mle_replace):
    # E[var] + E[(mean - mu0)^2] = s0^2 at every generation.
    total = _by_generation(mle_replace, "std") ** 2 + _by_generation(mle_replace, "mean") ** 2
    _assert_mean_agrees(total, np.ones(G_REPLACE + 1), "E[var + mean^2], MLE")


@pytest.mark.slow
def test_mle_expected_log_variance(mle_replace):
    log_var = np.log(_by_generation(mle_replace, "std") ** 2)
    expected = theory.expected_log_variance_shift(G_REPLACE, N_REPLACE, estimator="mle")
    _assert_mean_agrees(log_var, expected, "E[ln var], MLE")


# --- unbiased, replace ---------------------------------------------------------------------


@pytest.mark.slow
def test_unbiased_expected_variance_is_a_martingale(unbiased_replace):
    var = _by_generation(unbiased_replace, "std") ** 2
    expected = theory.expected_variance(G_REPLACE, N_UNBIASED, estimator="unbiased")
    np.testing.assert_array_equal(expected, np.ones(G_REPLACE + 1))
    _assert_mean_agrees(var, expected, "E[var], unbiased")


@pytest.mark.slow
def test_unbiased_variance_of_the_mean_grows_like_g_plus_1_over_n(unbiased_replace):
    means = _by_generation(unbiased_replace, "mean")
    expected = theory.variance_of_mean(G_REPLACE, N_UNBIASED, estimator="unbiased")
    np.testing.assert_allclose(expected, np.arange(1, G_REPLACE + 2) / N_UNBIASED, rtol=1e-12)
    _assert_variance_agrees(means, expected, "Var[mean], unbiased")


@pytest.mark.slow
def test_unbiased_typical_run_shrinks_although_the_mean_does_not(unbiased_replace):
    var = _by_generation(unbiased_replace, "std") ** 2
    log_var = np.log(var)
    expected_log = theory.expected_log_variance_shift(G_REPLACE, N_UNBIASED, estimator="unbiased")
    _assert_mean_agrees(log_var, expected_log, "E[ln var], unbiased")
    # At the last generation the typical (geometric-mean) variance is about 0.5 ...
    typical = theory.typical_variance(G_REPLACE, N_UNBIASED, estimator="unbiased")[-1]
    assert 0.4 < typical < 0.6
    # ... so the median run sits far below the mean (about 1): most runs have narrowed.
    # SE of a median ~ 1.25 sd / sqrt(R) for a near-normal ln var; the gap is > 20 of them.
    median, mean = np.median(var[:, -1]), var[:, -1].mean()
    assert median < 0.65 < 0.85 < mean
    assert np.mean(var[:, -1] < 1.0) > 0.65  # about 70% of runs are below the truth
    # The median falls generation after generation; the mean stays put.
    medians = np.median(var, axis=0)
    assert np.all(np.diff(medians[1:]) < 0) and medians[-1] < 0.6 * medians[0]


# --- temperature, accumulate, fresh human data ----------------------------------------------


@pytest.mark.slow
def test_temperature_expected_variance(mle_temperature):
    var = _by_generation(mle_temperature, "std") ** 2
    expected = theory.expected_variance(G_OTHER, N_OTHER, estimator="mle", temperature=TEMPERATURE)
    c = (N_OTHER - 1) / N_OTHER
    np.testing.assert_allclose(expected, c * (TEMPERATURE * c) ** np.arange(G_OTHER + 1))
    _assert_mean_agrees(var, expected, "E[var], MLE at temperature 0.7")


@pytest.mark.slow
def test_accumulate_expected_variance_stays_bounded(mle_accumulate):
    var = _by_generation(mle_accumulate, "std") ** 2
    expected = theory.expected_variance(G_OTHER, N_OTHER, estimator="mle", scheme="accumulate")
    _assert_mean_agrees(var, expected, "E[var], MLE accumulate")
    assert expected[-1] > theory.accumulate_limit(N_OTHER) > 0.8
    total = var + _by_generation(mle_accumulate, "mean") ** 2
    _assert_mean_agrees(total, np.ones(G_OTHER + 1), "E[var + mean^2], accumulate")


@pytest.mark.slow
def test_fresh_human_data_expected_variance(mle_fresh):
    var = _by_generation(mle_fresh, "std") ** 2
    expected = theory.expected_variance(G_OTHER, N_OTHER, estimator="mle",
                                        fresh_fraction=FRESH, human_data="fresh")
    _assert_mean_agrees(var, expected, "E[var], MLE with 30% fresh data")
    assert expected[-1] == pytest.approx(theory.fresh_fixed_point(N_OTHER, FRESH), rel=0.02)
    total = var + _by_generation(mle_fresh, "mean") ** 2
    _assert_mean_agrees(total, np.ones(G_OTHER + 1), "E[var + mean^2], fresh")


@pytest.mark.slow
def test_the_scenarios_are_told_apart(mle_replace, mle_accumulate, mle_fresh):
    # The same statistic separates the schemes by far more than the tolerance: a swapped
    # scheme or human-data kind in the engine would fail the tests above, not slip through.
    last = {
        name: _by_generation(table, "std")[:, G_OTHER] ** 2
        for name, table in [("replace", mle_replace), ("accumulate", mle_accumulate),
                            ("fresh", mle_fresh)]
    }
    se = {name: v.std(ddof=1) / np.sqrt(v.size) for name, v in last.items()}
    gap = last["accumulate"].mean() - last["replace"].mean()
    assert gap > 10 * (se["accumulate"] + se["replace"])
    gap = last["fresh"].mean() - last["replace"].mean()
    assert gap > 10 * (se["fresh"] + se["replace"])
