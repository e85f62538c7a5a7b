"""Tests for collapse_core.settings and collapse_core.recursion: what each generation trains on."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from collapse_core import MODELS, Settings, build_experiment, simulate
from collapse_core.families import CARDS
from collapse_core.families.continuous.distributions import Mixture1D
from collapse_core.families.continuous.experiment import ContinuousExperiment
from collapse_core.families.continuous.gaussian import GaussianModel
from collapse_core.families.continuous.metrics import CONTINUOUS_METRICS, cell_density
from collapse_core.families.continuous.sources import continuous_source
from collapse_core.recursion import Recursion
from collapse_core.runs import run_seeds
from collapse_core.settings import SCHEMES

CONTINUOUS = [m for m in MODELS if CARDS[m].family == "continuous"]
COLUMNS = ["run", "generation", *CONTINUOUS_METRICS]


class RecordingGaussian(GaussianModel):
    """A Gaussian that logs the training sets it is fit to and the samples it draws, each
    generation's as one array with a row per run."""

    def __init__(self, log: dict):
        super().__init__("mle")
        self.log = log

    def fit(self, x, rngs=None):
        self.log["fits"].append(np.array(x, copy=True))
        return super().fit(x, rngs)

    def sample(self, n, rngs, temperature=1.0):
        y = super().sample(n, rngs, temperature)
        self.log["samples"].append(y.copy())
        return y


def _recorded(settings: Settings, source: str = "bell") -> tuple[dict, pd.DataFrame]:
    """Training sets and samples of each generation (a row per run) and the metrics, for a
    recording Gaussian."""
    log = {"fits": [], "samples": []}
    experiment = ContinuousExperiment(continuous_source(source), lambda: RecordingGaussian(log))
    result = simulate(experiment, settings)
    return log, result.metrics


def _original(settings: Settings, run: int = 0, source: str = "bell") -> np.ndarray:
    """The original sample the engine draws first in run `run` (same stream, same call)."""
    rng = np.random.default_rng(run_seeds(settings.seed, settings.runs)[run])
    return continuous_source(source).original(settings.sample_size, rng)


# --- Settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("generations", -1),
        ("generations", 1001),
        ("sample_size", 1),
        ("sample_size", 0),
        ("human_fraction", -0.01),
        ("human_fraction", 1.01),
        ("human_fraction", float("nan")),
        ("human_data", "new"),
        ("scheme", "append"),
        ("temperature", 0.0),
        ("temperature", -1.0),
        ("temperature", float("inf")),
        ("temperature", float("nan")),
        ("seed", -1),
        ("runs", 0),
        ("runs", 100_001),
        ("temperature", 2.01),
    ],
)
def test_settings_reject_bad_values_naming_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        Settings(**{field: value})


@pytest.mark.parametrize(
    ("field", "value"), [("generations", 2.5), ("sample_size", 10.5), ("runs", 1.5)]
)
def test_settings_reject_non_integer_counts(field, value):
    with pytest.raises(ValueError, match=field):
        Settings(**{field: value})


def test_settings_defaults_are_valid_and_frozen():
    s = Settings()
    assert (s.generations, s.sample_size, s.human_fraction, s.runs) == (20, 1000, 0.0, 1)
    with pytest.raises(AttributeError):
        s.seed = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fraction", "n", "expected"),
    [(0.0, 10, 0), (1.0, 10, 10), (0.5, 5, 3), (0.25, 10, 3), (0.1, 100, 10), (0.3, 10, 3),
     (0.33, 10, 3), (0.49, 2, 1), (0.51, 3, 2), (0.2, 7, 1)],
)
def test_human_count_is_f_times_n_rounded_with_halves_up(fraction, n, expected):
    assert Settings(sample_size=n, human_fraction=fraction).human_count == expected


def test_human_count_is_always_within_half_an_item():
    rng = np.random.default_rng(0)
    for _ in range(500):
        n, f = int(rng.integers(2, 5000)), float(rng.random())
        h = Settings(sample_size=n, human_fraction=f).human_count
        assert 0 <= h <= n and abs(h - f * n) <= 0.5 + 1e-9


# --- shape and determinism -----------------------------------------------------------------


@pytest.mark.parametrize("model", CONTINUOUS)
def test_metrics_table_has_one_row_per_run_and_generation(model):
    settings = Settings(generations=4, sample_size=60, runs=3, seed=5)
    result = simulate(build_experiment(model), settings)
    table = result.metrics
    assert list(table.columns) == COLUMNS
    assert len(table) == 3 * 5
    np.testing.assert_array_equal(table["run"], np.repeat(np.arange(3), 5))
    np.testing.assert_array_equal(table["generation"], np.tile(np.arange(5), 3))
    assert np.isfinite(table[list(CONTINUOUS_METRICS)].to_numpy(dtype=float)).all()
    assert result.settings == settings and "3 run(s)" in repr(result)


@pytest.mark.parametrize("model", CONTINUOUS)
def test_same_seed_same_numbers_different_seed_different_numbers(model):
    settings = Settings(generations=5, sample_size=80, runs=2, seed=11, human_fraction=0.2)
    first = simulate(build_experiment(model), settings)
    again = simulate(build_experiment(model), settings)
    pd.testing.assert_frame_equal(first.metrics, again.metrics)
    np.testing.assert_array_equal(first.example["density"], again.example["density"])
    other = simulate(build_experiment(model), Settings(**{**settings.__dict__, "seed": 12}))
    assert not np.allclose(first.metrics["mean"], other.metrics["mean"])


@pytest.mark.parametrize("model", CONTINUOUS)
def test_a_run_does_not_depend_on_how_many_runs_were_asked_for(model):
    experiment = build_experiment(model)
    few = simulate(experiment, Settings(generations=3, sample_size=50, runs=2, seed=4))
    many = simulate(experiment, Settings(generations=3, sample_size=50, runs=5, seed=4))
    pd.testing.assert_frame_equal(few.metrics, many.metrics.iloc[: len(few.metrics)])
    np.testing.assert_array_equal(few.example["density"], many.example["density"])
    # ... and the runs are different from one another.
    assert not np.allclose(many.metrics.loc[many.metrics.run == 0, "mean"],
                           many.metrics.loc[many.metrics.run == 1, "mean"])


@pytest.mark.parametrize("model", CONTINUOUS)
def test_zero_generations(model):
    result = simulate(build_experiment(model), Settings(generations=0, sample_size=40, runs=3))
    assert len(result.metrics) == 3
    assert list(result.metrics["generation"]) == [0, 0, 0]
    assert result.example["density"].shape == (1, 240)


def test_example_snapshots_have_the_right_shapes_and_match_run_0():
    settings = Settings(generations=6, sample_size=50, runs=3, seed=8)
    result = simulate(build_experiment("gaussian"), settings)
    ex = result.example
    assert ex["edges"].shape == (241,)
    assert ex["density"].shape == (7, 240) and ex["density"].dtype == np.float32
    assert ex["source_density"].shape == (240,)
    np.testing.assert_allclose(
        ex["source_density"], cell_density(continuous_source("bell").distribution, ex["edges"])
    )
    # Each snapshot is the density of run 0's fitted Gaussian, as reported in the metrics.
    run0 = result.metrics[result.metrics.run == 0]
    for g, row in enumerate(run0.itertuples()):
        expected = cell_density(Mixture1D([1.0], [row.mean], [row.std]), ex["edges"])
        np.testing.assert_allclose(ex["density"][g], expected, rtol=1e-5, atol=1e-6)


def test_progress_is_reported_up_to_one():
    seen = []
    simulate(build_experiment("gaussian"), Settings(generations=4, sample_size=20, runs=3),
             progress=seen.append)
    assert len(seen) == 5 and seen[-1] == pytest.approx(1.0)  # once a generation, all runs
    assert np.all(np.diff(seen) > 0)


def assert_same_result(got, expected):
    """Two results are the same: settings, metrics, and every drawn snapshot."""
    assert got.settings == expected.settings
    pd.testing.assert_frame_equal(got.metrics, expected.metrics)
    assert_same_example(got.example, expected.example)


def assert_same_example(got: dict, expected: dict) -> None:
    """Two examples (snapshots ready to draw) are the same, array for array."""
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(got[key], value, err_msg=key)
        else:
            assert got[key] == value, key


SMALL_SAMPLE = {"gaussian": 40, "mixture": 60, "kde": 60, "markov": 400, "digits": 60,
                "hiring": 60, "neural": 40}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("model", MODELS)
def test_a_recursion_asked_for_more_or_fewer_generations_equals_a_fresh_simulation(
        model, scheme):
    settings = Settings(generations=99, sample_size=SMALL_SAMPLE[model], runs=2, seed=9,
                        human_fraction=0.2, scheme=scheme)
    recursion = Recursion(build_experiment(model), settings)
    for generations in (3, 5, 2, 5, 0):  # longer, longer, shorter, the same, shortest
        expected = simulate(build_experiment(model), replace(settings, generations=generations))
        assert_same_result(recursion.result(generations), expected)
    assert recursion.computed == 5 and recursion.can_go_on


def test_a_recursion_reports_progress_only_for_the_generations_it_adds():
    recursion = Recursion(build_experiment("gaussian"), Settings(sample_size=20, runs=3))
    first, more, fewer = [], [], []
    recursion.result(4, progress=first.append)
    recursion.result(6, progress=more.append)
    recursion.result(2, progress=fewer.append)
    assert len(first) == 5 and len(more) == 2 and fewer == []  # once a generation, all runs
    assert first[-1] == pytest.approx(1.0) and more[-1] == pytest.approx(1.0)
    assert np.all(np.diff(more) > 0)


def test_a_recursion_that_failed_half_way_starts_again_cleanly():
    failures = [3]  # fail once, in the third fit (generation 2)

    class Flaky(GaussianModel):
        fits = 0

        def fit(self, x, rngs=None):
            Flaky.fits += 1
            if failures and Flaky.fits == failures[0]:
                failures.pop()
                raise RuntimeError("a fit failed")
            return super().fit(x, rngs)

    settings = Settings(sample_size=30, runs=3, seed=4)
    experiment = ContinuousExperiment(continuous_source("bell"), lambda: Flaky("mle"))
    recursion = Recursion(experiment, settings)
    with pytest.raises(RuntimeError, match="a fit failed"):
        recursion.result(5)
    assert recursion.computed == -1 and not recursion.can_go_on
    assert_same_result(recursion.result(5),
                       simulate(build_experiment("gaussian"), replace(settings, generations=5)))


def test_a_recursion_checks_the_generations_asked_for():
    recursion = Recursion(build_experiment("gaussian"), Settings(sample_size=20))
    with pytest.raises(ValueError, match="generations"):
        recursion.result(-1)


def test_a_recursion_over_its_memory_budget_lets_go_and_starts_again_when_asked_for_more():
    settings = Settings(sample_size=30, runs=3, seed=2)
    recursion = Recursion(build_experiment("gaussian"), settings, keep_bytes=0)
    calls = []
    recursion.result(4, progress=calls.append)
    assert_same_result(recursion.result(2),
                       simulate(build_experiment("gaussian"), replace(settings, generations=2)))
    assert not recursion.can_go_on
    calls.clear()
    assert_same_result(recursion.result(6, progress=calls.append),
                       simulate(build_experiment("gaussian"), replace(settings, generations=6)))
    assert len(calls) == 7  # started again from generation 0



# --- what each generation trains on ---------------------------------------------------------


def test_generation_0_is_fit_to_the_original_sample():
    settings = Settings(generations=3, sample_size=30, runs=2, seed=21)
    log, metrics = _recorded(settings)
    np.testing.assert_array_equal(log["fits"][0][0], _original(settings))
    np.testing.assert_array_equal(log["fits"][0][1], _original(settings, run=1))
    assert metrics["mean"].iloc[0] == pytest.approx(_original(settings).mean(), abs=1e-15)


@pytest.mark.parametrize("fraction", [0.0, 0.3, 1.0])
def test_replace_trains_on_human_items_then_the_previous_models_samples(fraction):
    settings = Settings(generations=5, sample_size=40, human_fraction=fraction, seed=3)
    log, _ = _recorded(settings)
    original = _original(settings)
    n, h = settings.sample_size, settings.human_count
    assert len(log["fits"]) == settings.generations + 1
    for g in range(1, settings.generations + 1):
        training = log["fits"][g][0]
        assert training.size == n
        human = training[:h]
        assert np.all(np.isin(human, original)) and np.unique(human).size == h  # a subsample
        np.testing.assert_array_equal(training[h:], log["samples"][g - 1][0, : n - h])


def test_all_original_human_data_keeps_the_gaussian_at_the_original_sample():
    settings = Settings(generations=30, sample_size=25, human_fraction=1.0, runs=2, seed=6)
    result = simulate(build_experiment("gaussian"), settings)
    for run, frame in result.metrics.groupby("run"):
        original = _original(settings, run=run)
        # Every training set is the original sample reshuffled: the fit never moves.
        np.testing.assert_allclose(frame["mean"], original.mean(), rtol=0, atol=1e-13)
        np.testing.assert_allclose(frame["std"], original.std(), rtol=1e-12)


def test_fresh_human_data_is_new_every_generation():
    settings = Settings(generations=4, sample_size=30, human_fraction=0.5, human_data="fresh")
    log, _ = _recorded(settings)
    original, h = _original(settings), settings.human_count
    seen = set(original)
    for training in log["fits"][1:]:
        human = training[0, :h]
        assert not seen.intersection(human)  # continuous draws: fresh means never seen before
        seen.update(human)


@pytest.mark.parametrize("fraction", [0.0, 0.4])
def test_accumulate_grows_the_training_pool(fraction):
    settings = Settings(generations=6, sample_size=20, human_fraction=fraction,
                        scheme="accumulate", seed=9)
    log, _ = _recorded(settings)
    n, h = settings.sample_size, settings.human_count
    sizes = [x.shape[1] for x in log["fits"]]
    assert sizes == [(g + 1) * n for g in range(settings.generations + 1)]
    for g in range(1, settings.generations + 1):
        pool = log["fits"][g][0]
        np.testing.assert_array_equal(pool[: g * n], log["fits"][g - 1][0])  # earlier sets kept
        np.testing.assert_array_equal(pool[g * n + h:], log["samples"][g - 1][0, : n - h])


def test_temperature_scales_the_variance_of_what_the_next_generation_sees():
    # Generation g + 1 trains on N draws from N(mean_g, t var_g): over many generations the
    # ratio of its sample variance to t var_g averages (N - 1) / N (the sample variance is
    # chi^2_{N-1} / N times the true one; SE of the mean ratio = sqrt(2 (N-1)) / N / sqrt(G)).
    t, n, big_g = 0.8, 50, 150  # t c = 0.78: var_G ~ 1e-16, far from underflow
    settings = Settings(generations=big_g, sample_size=n, temperature=t, seed=2)
    log, metrics = _recorded(settings)
    ratios = np.array(
        [log["fits"][g + 1][0].var() / (t * metrics["std"].iloc[g] ** 2) for g in range(big_g)]
    )
    se = math.sqrt(2 * (n - 1)) / n / math.sqrt(big_g)
    assert abs(ratios.mean() - (n - 1) / n) < 5 * se


def test_the_package_docstring_examples_run():
    import doctest

    import collapse_core

    outcome = doctest.testmod(collapse_core)
    assert outcome.attempted == 8 and outcome.failed == 0
