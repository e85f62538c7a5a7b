"""Many runs: bands, the monitor's odds, strategies, the fast Gaussian engine and the phase map."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from collapse_core import Settings, build_experiment, simulate
from collapse_core.families import card_of
from collapse_core.families.continuous.metrics import SPREAD_HALVED
from collapse_core.fast_gaussian import GaussianRuns, gaussian_variances
from collapse_core.monitor import watch
from collapse_core.phase import PhaseMap, phase_grid, smallest_fraction_kept
from collapse_core.strategies import STRATEGIES, rank, ranking
from collapse_core.summary import (
    band,
    by_generation,
    crossings_per_run,
    first_crossing,
    typical_run,
)
from collapse_core.theory import expected_variance, fresh_fixed_point
from ui.captions import monitor_sentence
from ui.theory_view import gaussian_theory


def _metrics(values: np.ndarray) -> pd.DataFrame:
    """A metrics table with one column `x` from a (generations, runs) array."""
    gens, runs = values.shape
    return pd.DataFrame({
        "run": np.tile(np.arange(runs), gens),
        "generation": np.repeat(np.arange(gens), runs),
        "x": values.ravel(),
    })


def test_band_equals_numpy_quantiles_per_generation():
    values = np.random.default_rng(3).normal(size=(7, 31))
    summary = band(_metrics(values), "x")
    np.testing.assert_allclose(summary["median"], np.median(values, axis=1))
    np.testing.assert_allclose(summary["low"], np.quantile(values, 0.1, axis=1))
    np.testing.assert_allclose(summary["high"], np.quantile(values, 0.9, axis=1))


def test_by_generation_places_every_row_whatever_the_order():
    values = np.random.default_rng(4).normal(size=(5, 3))
    shuffled = _metrics(values).sample(frac=1.0, random_state=0)
    np.testing.assert_array_equal(by_generation(shuffled, "x"), values)


def test_the_typical_run_is_the_median_run_at_the_last_generation():
    values = np.array([[0.0, 0.0, 0.0, 0.0], [5.0, 1.0, 3.0, 3.0]])  # generations x runs
    assert typical_run(_metrics(values), "x") == 2  # 1, 3, 3, 5: the lower middle, first 3
    assert typical_run(_metrics(values[:, :3]), "x") == 2  # 1, 3, 5
    assert typical_run(_metrics(values[:, :1]), "x") == 0


def test_first_crossing_and_per_run_crossings():
    assert first_crossing(np.array([1.0, 0.8, 0.4, 0.6]), 0.5, "below") == 2
    assert first_crossing(np.array([1.0, 0.8]), 0.5, "below") is None
    assert first_crossing(np.array([1.0, 2.5, 3.0]), 2.0, "above") == 1
    values = np.array([[1.0, 1.0, 1.0], [0.4, 1.0, 0.9], [0.3, 1.0, 0.2]])
    np.testing.assert_array_equal(crossings_per_run(_metrics(values), "x", 0.5, "below"),
                                  [1, -1, 2])


def test_monitor_counts_runs_and_reads_the_median():
    values = np.array([[1.0, 1.0, 1.0], [0.4, 1.0, 0.45], [0.3, 0.9, 0.2]])
    alarm = replace(SPREAD_HALVED, metric="x")
    reading = watch(_metrics(values), alarm, reference=1.0)
    assert reading.threshold == 0.5
    assert (reading.runs_crossed, reading.runs) == (2, 3)
    assert reading.typical_generation == 1  # median of (0.4, 1.0, 0.45) is 0.45 < 0.5
    assert (reading.runs_at_end, reading.runs_dipped, reading.last_generation) == (2, 0, 2)
    assert (reading.shown_run, reading.shown_generation) == (None, None)  # not asked


def test_monitor_tells_when_the_run_shown_crossed_apart_from_the_median():
    # Run 0 crosses at 1, before the median (0.9 at 1, 0.3 at 2); run 1 never does.
    values = np.array([[1.0, 1.0, 1.0], [0.4, 1.0, 0.9], [0.3, 0.9, 0.2]])
    alarm = replace(SPREAD_HALVED, metric="x")
    readings = [watch(_metrics(values), alarm, 1.0, shown_run=run) for run in range(3)]
    assert [r.shown_generation for r in readings] == [1, None, 2]
    assert {r.typical_generation for r in readings} == {2}  # the median's, whichever run shown
    said = [monitor_sentence(replace(r, alarm=SPREAD_HALVED)) for r in readings]  # its words
    assert "In the run shown on this page (the one the player plays) it first happened at " \
           "generation 1." in said[0]
    assert "The run shown on this page stayed on the safe side" in said[1]
    # Run 2 crosses with the median: said once, not in two sentences that repeat each other.
    assert ("In the typical run (the median of the runs) and in the run shown on this page, it "
            "first happened at generation 2.") in said[2]
    assert "In the run shown on this page (the one" not in said[2]


def test_monitor_tells_runs_lost_at_the_end_from_runs_that_dipped_and_came_back():
    # Run 0 dips and comes back, run 1 is lost at the end, run 2 never crosses, run 3 crosses
    # for good early on: 2 lost, 1 dipped, whichever way the line points.
    values = np.array([[1.0, 1.0, 1.0, 1.0], [0.3, 0.9, 0.8, 0.1], [0.7, 0.4, 0.9, 0.2]])
    below = watch(_metrics(values), replace(SPREAD_HALVED, metric="x"), reference=1.0)
    assert (below.runs_crossed, below.runs_at_end, below.runs_dipped) == (3, 2, 1)
    above = watch(_metrics(2 - values), replace(SPREAD_HALVED, metric="x", direction="above",
                                                factor=1.5), reference=1.0)
    assert (above.runs_crossed, above.runs_at_end, above.runs_dipped) == (3, 2, 1)


def test_lost_and_dipped_match_a_direct_count_over_many_random_runs():
    # Random walks from 1: some end below the line, some cross it and come back.
    values = 1 + np.random.default_rng(8).normal(0, 0.1, size=(30, 200)).cumsum(axis=0)
    metrics = _metrics(values)
    reading = watch(metrics, replace(SPREAD_HALVED, metric="x", factor=0.6), reference=1.0)
    table = metrics.pivot(index="generation", columns="run", values="x").to_numpy()
    lost = table[-1] < 0.6
    dipped = (table < 0.6).any(axis=0) & ~lost
    assert lost.sum() and dipped.sum()  # both kinds occur, so the count can tell them apart
    assert (reading.runs_at_end, reading.runs_dipped) == (lost.sum(), dipped.sum())
    assert reading.runs_at_end + reading.runs_dipped == reading.runs_crossed


def test_rank_orders_by_median_in_the_right_direction():
    finals = {"a": np.array([1.0, 2.0, 3.0]), "b": np.array([0.0, 0.5, 1.0])}
    assert list(rank(finals, higher_is_better=True)["strategy"]) == ["a", "b"]
    assert list(rank(finals, higher_is_better=False)["strategy"]) == ["b", "a"]


def test_theory_curves_are_the_closed_forms():
    settings = Settings(generations=30, sample_size=20, human_fraction=0.2, human_data="fresh")
    curves, _ = gaussian_theory("gaussian", "bell", "mle", settings)
    np.testing.assert_allclose(curves["Theory: average run"] ** 2,
                               expected_variance(30, 20, fresh_fraction=0.2))
    none, note = gaussian_theory("mixture", "bell", "mle", settings)
    assert none is None and "No theory line" in note


def test_strategies_rank_as_the_literature_says_on_the_bell_curve():
    # Small samples and many runs: pure self-training clearly loses spread, while
    # accumulating (Gerstgrasser et al.) and fresh human data (Alemohammad et al.) keep it.
    base = Settings(generations=60, sample_size=20, runs=40, seed=11)
    experiment = build_experiment("gaussian")
    final_spread = {}
    for strategy in STRATEGIES:
        metrics = simulate(experiment, strategy.settings(base, 0.2)).metrics
        final_spread[strategy.key] = metrics.loc[metrics["generation"] == 60, "std"].to_numpy()
    medians = {k: np.median(v) for k, v in final_spread.items()}
    assert medians["accumulate"] > medians["self"]
    assert medians["fresh"] > medians["self"]
    assert medians["keep"] > medians["self"]
    assert medians["cold"] < medians["self"]
    order = list(rank(final_spread, higher_is_better=True)["strategy"])
    assert order.index("self") > order.index("fresh")
    assert order[-1] == "cold"



@pytest.mark.parametrize("model", ["gaussian", "hiring"])
def test_the_ranking_reads_each_strategy_as_the_monitor_does(model):
    # The ranking reads numpy tables, not band() and watch(), for speed: its odds must be what
    # the monitor reads of each strategy's runs against generation 0's median, on runs that
    # cross the line (hiring's line is drawn from a reference metric of its own).
    base = Settings(generations=30, sample_size=20, runs=6, seed=3)
    yardstick = card_of(model).yardstick
    results = {s.key: simulate(build_experiment(model), s.settings(base, 0.2))
               for s in STRATEGIES}
    table = ranking(results, yardstick)
    crossed = 0
    for key, result in results.items():
        reference = band(result.metrics, yardstick.reference or yardstick.alarm.metric
                         )["median"].iloc[0]
        reading = watch(result.metrics, yardstick.alarm, reference)
        odds = table.loc[table["strategy"] == key, "monitor"].item()
        assert odds == (reading.runs_at_end, reading.runs_dipped, reading.runs)
        crossed += reading.runs_crossed
    assert crossed  # some runs crossed, so the odds had something to count

# Every setting with a closed form (accumulate and fresh data have one only for MLE).
CASES = [
    ("mle", dict()),
    ("unbiased", dict()),
    ("mle", dict(temperature=0.9)),
    ("unbiased", dict(temperature=0.9)),
    ("mle", dict(scheme="accumulate")),
    ("mle", dict(human_fraction=0.3, human_data="fresh")),
]


@pytest.mark.parametrize(("estimator", "case"), CASES)
def test_fast_gaussian_matches_the_closed_forms(estimator, case):
    settings = Settings(generations=12, sample_size=10, runs=20_000, **case)
    variances = gaussian_variances(settings, np.random.default_rng(5), estimator)
    theory = expected_variance(12, 10, estimator=estimator,
                               temperature=settings.temperature, scheme=settings.scheme,
                               fresh_fraction=settings.human_fraction,
                               human_data=settings.human_data)
    # 5 standard errors of the mean over 20,000 independent runs, generation by generation.
    se = variances.std(axis=0, ddof=1) / np.sqrt(settings.runs)
    assert np.all(np.abs(variances.mean(axis=0) - theory) < 5 * se)


def test_fast_gaussian_agrees_with_the_main_engine_in_distribution():
    settings = Settings(generations=10, sample_size=10, runs=1500, seed=2)
    engine = simulate(build_experiment("gaussian"), settings).metrics
    engine_var = engine.loc[engine["generation"] == 10, "std"].to_numpy() ** 2
    fast_var = gaussian_variances(settings, np.random.default_rng(9))[:, -1]
    # Two independent means of 1,500 runs: their difference has the standard error below.
    se = np.sqrt(engine_var.var(ddof=1) / engine_var.size + fast_var.var(ddof=1) / fast_var.size)
    assert abs(engine_var.mean() - fast_var.mean()) < 5 * se


def test_phase_grid_agrees_with_the_fresh_data_recursion_and_fixed_point():
    base = Settings(generations=40, runs=4000, human_data="fresh", seed=4)
    grid = phase_grid(base, sample_sizes=(10, 50), fractions=(0.1, 0.5))
    for _, cell in grid.iterrows():
        n, f = int(cell["sample_size"]), cell["human_fraction"]
        theory = expected_variance(40, n, fresh_fraction=f)[-1]
        # 5 standard errors of the mean variance over the cell's 4,000 runs.
        assert abs(cell["mean_variance"] - theory) < 5 * cell["variance_se"]
        # After 40 generations the recursion has all but reached its fixed point (the gap
        # shrinks geometrically; at N = 50, f = 0.1 it is still ~1e-5 relative).
        assert theory == pytest.approx(fresh_fixed_point(n, f), rel=1e-4)


def test_phase_grid_shape_and_reading():
    grid = phase_grid(Settings(generations=20, runs=30, human_data="fresh"),
                      sample_sizes=(10, 1000), fractions=(0.0, 0.5))
    assert len(grid) == 4
    assert grid["share_kept"].between(0, 1).all()
    needed = smallest_fraction_kept(grid)
    # 1,000 points lose almost nothing in 20 generations; 10 points without help collapse.
    assert needed[1000] == 0.0
    assert needed[10] in (0.5, None)


@pytest.mark.parametrize("human_data", ["fresh", "original"])
@pytest.mark.parametrize("scheme", ["replace", "accumulate"])
def test_fast_gaussian_runs_extended_or_read_shorter_equal_a_fresh_computation(human_data,
                                                                               scheme):
    settings = Settings(generations=0, sample_size=30, runs=5, human_fraction=0.2,
                        human_data=human_data, scheme=scheme)
    runs = GaussianRuns(settings, np.random.default_rng(1))
    for generations in (4, 9, 2):
        fresh = gaussian_variances(replace(settings, generations=generations),
                                   np.random.default_rng(1))
        np.testing.assert_array_equal(runs.variances(generations), fresh)
        np.testing.assert_array_equal(runs.variances_at(generations), fresh[:, -1])


def test_a_phase_map_asked_for_more_or_fewer_generations_equals_a_fresh_grid():
    base = Settings(generations=0, runs=10, human_data="original", seed=6)
    cells = dict(sample_sizes=(10, 100), fractions=(0.0, 0.2))
    phase_map = PhaseMap(base, "mle", **cells)
    progress = []
    for generations in (5, 12, 3):
        fresh = phase_grid(replace(base, generations=generations), "mle", **cells)
        pd.testing.assert_frame_equal(phase_map.grid(generations, progress.append), fresh)
    assert progress[-1] == pytest.approx(1.0)
