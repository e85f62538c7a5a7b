"""The engine that advances all runs together: against the per-run oracle, against numbers the
per-run engine gave before it, and its progressive, thread-safe Recursion API."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pytest
from oracle import one_run, per_run
from test_recursion import SMALL_SAMPLE, assert_same_example, assert_same_result

from collapse_core import MODELS, Recursion, Settings, build_experiment, simulate
from collapse_core import recursion as engine
from collapse_core.families.continuous.experiment import ContinuousExperiment
from collapse_core.families.continuous.mixture import MixtureModel
from collapse_core.families.continuous.sources import ContinuousSource, continuous_source
from collapse_core.runs import FirstFits
from collapse_core.strategies import STRATEGIES

VARIANTS = {  # the ways a training set is made
    "self": {},
    "keep": {"human_fraction": 0.3},
    "fresh-cold": {"human_fraction": 0.2, "human_data": "fresh", "temperature": 0.8},
    "accumulate": {"scheme": "accumulate", "human_fraction": 0.1, "temperature": 1.2},
}


def _settings(model: str, **changes) -> Settings:
    base = Settings(generations=4, sample_size=SMALL_SAMPLE[model], runs=3, seed=13)
    return replace(base, **changes)


# --- the same numbers as one run at a time ---------------------------------------------------


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("model", MODELS)
def test_all_runs_together_give_the_numbers_of_one_run_at_a_time(model, variant):
    # Bit for bit: every computation is row by row, in the order a run alone does it.
    settings = _settings(model, **VARIANTS[variant])
    result = simulate(build_experiment(model), settings)
    metrics, example = per_run(build_experiment(model), settings)
    pd.testing.assert_frame_equal(result.metrics, metrics)
    assert_same_example(result.example, example)


@pytest.mark.parametrize("model", ["gaussian", "mixture", "markov"])
def test_runs_in_groups_give_the_numbers_of_all_runs_at_once(model, monkeypatch):
    settings = _settings(model, runs=5)
    together = simulate(build_experiment(model), settings)
    monkeypatch.setattr(engine, "MAX_TOGETHER", 2)  # groups of 2, 2 and 1 runs
    assert_same_result(simulate(build_experiment(model), settings), together)


@dataclass(frozen=True)
class RoundedSource(ContinuousSource):
    """Human data rounded to whole numbers: ties, so that runs hold different numbers of
    distinct values."""

    def original(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return np.round(super().original(n, rng))


@pytest.mark.parametrize("fraction", [0.5, 1.0])
def test_a_mixture_whose_runs_fit_different_numbers_of_components(fraction):
    # A mixture fits min(3, distinct values) components: with 4 rounded values, 1 to 3, so
    # runs differ (and with human data only, each run keeps its number for good).
    source = RoundedSource("rounded", "bell, rounded", continuous_source("bell").distribution)
    groups = []

    class Counting(MixtureModel):
        def fit(self, x, rngs):
            super().fit(x, rngs)
            groups.append(len(self.parts_))
            return self

    experiment = ContinuousExperiment(source, lambda: Counting(3))
    settings = Settings(generations=5, sample_size=4, runs=8, seed=3, human_fraction=fraction)
    with np.errstate(all="ignore"):  # one-value runs fit spikes
        result = simulate(experiment, settings)
        assert max(groups) > 1  # runs were fitted in groups of equal size
        metrics, example = per_run(experiment, settings)
    pd.testing.assert_frame_equal(result.metrics, metrics)
    assert_same_example(result.example, example)


# Metrics of the last generation of the last run, computed by the per-run engine this one
# replaced (commit 6e731e7), so that links in circulation keep showing the same results.
PINNED = {
    "gaussian": (Settings(generations=30, sample_size=50, runs=3, seed=11, human_fraction=0.2),
                 {"mean": -0.3397540068972157, "std": 0.8545036969617837,
                  "wasserstein": 0.34072108289532044, "tail_mass": 0.032533337112998884,
                  "rare_mode_mass": 0.970898701528912, "modes": 1}),
    "mixture": (Settings(generations=10, sample_size=200, runs=2, seed=5, scheme="accumulate",
                         human_fraction=0.1, human_data="fresh"),
                {"mean": -1.5746530417935611, "std": 3.4062665586487215,
                 "wasserstein": 0.23076426908501035, "tail_mass": 0.03782957100417639,
                 "rare_mode_mass": 0.11636158718562628, "modes": 3}),
    "kde": (Settings(generations=10, sample_size=200, runs=2, seed=6, temperature=0.8),
            {"mean": -2.136142580056185, "std": 6.77223991589739,
             "wasserstein": 3.078868774294862, "tail_mass": 0.4479306955920246,
             "rare_mode_mass": 0.13174913836356106, "modes": 2}),
    "markov": (Settings(generations=4, sample_size=500, runs=2, seed=3),
               {"vocab_size": 82.0, "distinct_ngrams": 127.0, "entropy": 0.265777016949768,
                "perplexity": 3608.944456241863, "rare_word_survival": 0.37037037037037035,
                "top_words": "the, they, and, is, of"}),
    "digits": (Settings(generations=4, sample_size=100, runs=2, seed=4),
               {"digit_entropy": 3.0952253047756173, "digits_present": 10, "share_6": 0.24,
                "diversity": 3.90027547340588, "distance_from_real": 2.4396951554971604,
                "sharpness": 3.082948932462168}),
}
# Another machine's BLAS and SIMD kernels round differently (the digits' diversity came out
# 3.9002754734058773 against 3.90027547340588 on a slower CPU), so floats are held to a
# relative 1e-9, a million times finer than a chart or a caption can show, and an absolute
# 1e-15 for probabilities near 0 (a difference of two CDFs near 1, which also moved by a
# rounding error when the normal CDF became scipy's ndtr). Counts and words stay exact.
def _same_number(got, pinned) -> bool:
    if isinstance(pinned, float):
        return got == pytest.approx(pinned, rel=1e-9, abs=1e-15)
    return got == pinned


@pytest.mark.parametrize("model", sorted(PINNED))
def test_shared_links_keep_the_numbers_of_the_per_run_engine(model):
    settings, expected = PINNED[model]
    metrics = simulate(build_experiment(model), settings).metrics
    last = metrics[(metrics.run == settings.runs - 1)
                   & (metrics.generation == settings.generations)].iloc[0]
    for name, value in expected.items():
        assert _same_number(last[name], value), (name, last[name], value)


# --- extend: answer first, refine after --------------------------------------------------------


def test_extend_with_a_past_deadline_does_one_generation_per_call():
    settings = Settings(sample_size=30, runs=4, seed=2)
    recursion = Recursion(build_experiment("gaussian"), settings)
    assert recursion.computed == -1
    past = time.perf_counter() - 1.0
    assert [recursion.extend(3, deadline=past) for _ in range(5)] == [0, 1, 2, 3, 3]
    assert_same_result(recursion.result(3),
                       simulate(build_experiment("gaussian"), replace(settings, generations=3)))


def test_extend_without_a_deadline_goes_all_the_way_and_reports_progress():
    recursion = Recursion(build_experiment("kde"), Settings(sample_size=40, runs=3))
    seen = []
    assert recursion.extend(6, progress=seen.append) == 6 == recursion.computed
    assert len(seen) == 7 and seen[-1] == pytest.approx(1.0) and np.all(np.diff(seen) > 0)
    assert recursion.extend(4) == 6  # nothing to do: what is computed stays


def test_extend_stops_at_the_first_generation_after_the_deadline():
    recursion = Recursion(build_experiment("gaussian"), Settings(sample_size=20, runs=2))
    calls = []

    def slow(fraction):  # each generation "takes" 10 ms
        calls.append(fraction)
        time.sleep(0.01)

    done = recursion.extend(1000, deadline=time.perf_counter() + 0.045, progress=slow)
    # The deadline passes after the 5th generation's 10 ms (45 ms); a loaded machine may
    # stretch each generation, so fewer, but never more, are done.
    assert 0 <= done <= 4 and len(calls) == done + 1


def test_a_failure_between_generations_keeps_what_was_computed():
    # A progress callback that raises (as Streamlit does to stop a script) leaves the runs
    # whole: they go on from where they were.
    recursion = Recursion(build_experiment("gaussian"), Settings(sample_size=20, runs=2))

    def stop_at(fraction):
        if fraction >= 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        recursion.extend(5, progress=stop_at)
    assert recursion.computed == 2 and recursion.can_go_on
    assert_same_result(recursion.result(5), simulate(build_experiment("gaussian"), Settings(
        generations=5, sample_size=20, runs=2)))


def _holding_the_lock(recursion: Recursion, generations: int):
    """A thread extending `recursion`, stopped inside its progress callback (lock held)."""
    inside, release = threading.Event(), threading.Event()

    def wait_inside(fraction):
        inside.set()
        release.wait(10)

    thread = threading.Thread(target=recursion.extend, args=(generations,),
                              kwargs={"progress": wait_inside})
    thread.start()
    assert inside.wait(10)
    return thread, release


def test_a_caller_need_not_wait_while_another_thread_computes():
    settings = Settings(sample_size=20, runs=2, seed=5)
    recursion = Recursion(build_experiment("gaussian"), settings)
    recursion.extend(3)
    thread, release = _holding_the_lock(recursion, 10)
    answers = {}

    def ask():
        answers["computed"] = recursion.extend(10, wait=False)
        answers["result"] = recursion.result(3)  # what is computed is read without the lock

    asker = threading.Thread(target=ask)
    asker.start()
    asker.join(timeout=60)  # a guard, not a timing: a waiting caller would wait for `release`
    waited = asker.is_alive()
    release.set()
    thread.join()
    asker.join()
    assert not waited, "a caller waited for the thread that computes"
    assert answers["computed"] == 4  # the other thread had finished generation 4
    assert recursion.computed == 10
    assert_same_result(answers["result"], simulate(build_experiment("gaussian"),
                                                   replace(settings, generations=3)))


def test_threads_sharing_a_recursion_get_the_numbers_of_a_fresh_simulation():
    settings = Settings(sample_size=30, runs=3, seed=8)
    recursion = Recursion(build_experiment("mixture"), settings)
    targets = [7, 3, 12, 5, 12, 9]
    results = {}

    def ask(g):
        recursion.extend(g, deadline=time.perf_counter() + 0.001)
        results[g] = recursion.result(g)

    threads = [threading.Thread(target=ask, args=(g,)) for g in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = simulate(build_experiment("mixture"), replace(settings, generations=12))
    for g, result in results.items():
        pd.testing.assert_frame_equal(result.metrics,
                                      expected.metrics[expected.metrics.generation <= g]
                                      .reset_index(drop=True))


# --- memory ----------------------------------------------------------------------------------


def test_accumulating_runs_go_on_in_smaller_groups_when_they_would_outgrow_the_memory():
    # A run holds about (g + 3) N floats at generation g: 800 bytes at generation 2, so 2 runs
    # fit in 2000 bytes; 3680 bytes at generation 20, so the runs start again one by one.
    settings = Settings(sample_size=20, runs=3, seed=1, scheme="accumulate", human_fraction=0.1)
    recursion = Recursion(build_experiment("gaussian"), settings, keep_bytes=0, work_bytes=2000)
    recursion.result(2)
    assert [len(group) for group in recursion._groups] == [2, 1]
    assert_same_result(recursion.result(20), simulate(build_experiment("gaussian"),
                                                      replace(settings, generations=20)))
    assert [len(group) for group in recursion._groups] == [1, 1, 1]


# --- example: any run's snapshots ------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_the_example_of_any_run_is_that_run_computed_alone(model):
    settings = _settings(model, human_fraction=0.2)
    experiment = build_experiment(model)
    recursion = Recursion(experiment, settings)
    result = recursion.result(4)
    assert_same_example(recursion.example(0, 4), result.example)
    _, snapshots, original = one_run(experiment, settings, 2)
    assert_same_example(recursion.example(2, 4), experiment.collect(snapshots, original))
    assert_same_example(recursion.example(2, 2), experiment.collect(snapshots[:3], original))


def test_an_example_is_kept_and_continued_and_its_snapshots_match_its_metrics():
    settings = Settings(sample_size=40, runs=5, seed=4)
    recursion = Recursion(build_experiment("gaussian"), settings)
    short, longer = recursion.example(3, 2), recursion.example(3, 6)
    np.testing.assert_array_equal(longer["density"][:3], short["density"])
    # Run 3's density each generation is that of the Gaussian in run 3's metrics.
    metrics = recursion.result(6).metrics
    run = metrics[metrics.run == 3]
    from collapse_core.families.continuous.distributions import Mixture1D
    from collapse_core.families.continuous.metrics import cell_density
    for g, row in enumerate(run.itertuples()):
        expected = cell_density(Mixture1D([1.0], [row.mean], [row.std]), longer["edges"])
        np.testing.assert_allclose(longer["density"][g], expected, rtol=1e-5, atol=1e-6)
    for run_number in range(5):
        recursion.example(run_number, 1)
    assert len(recursion._examples) == engine.EXAMPLES_KEPT


def test_an_example_over_the_memory_budget_is_let_go_and_computed_again():
    settings = Settings(sample_size=40, runs=3, seed=6)
    recursion = Recursion(build_experiment("kde"), settings, keep_bytes=0)
    first = recursion.example(1, 3)
    assert recursion._examples[1].settled
    assert_same_example(recursion.example(1, 2), {k: v[:3] if k == "density" else v
                                                  for k, v in first.items()})
    again = recursion.example(1, 5)
    np.testing.assert_array_equal(again["density"][:4], first["density"])


@pytest.mark.parametrize("run", [-1, 3, 1.0])
def test_an_example_names_a_run_that_exists(run):
    recursion = Recursion(build_experiment("gaussian"), Settings(sample_size=20, runs=3))
    with pytest.raises(ValueError, match="run"):
        recursion.example(run, 2)
    with pytest.raises(ValueError, match="generations"):
        recursion.example(0, -1)


@pytest.mark.parametrize("model", MODELS)
def test_strategies_sharing_generation_0_give_the_same_numbers(model):
    """One draw and fit of generation 0 handed to every strategy (FirstFits) changes nothing."""
    base = Settings(sample_size=SMALL_SAMPLE[model], runs=3, seed=21)
    experiment = build_experiment(model)
    shared = FirstFits(users=len(STRATEGIES))
    for strategy in STRATEGIES:
        settings = strategy.settings(base, 0.2)
        together = Recursion(experiment, settings, first_fits=shared).result(3)
        alone = Recursion(build_experiment(model), settings).result(3)
        assert together.metrics.equals(alone.metrics), strategy.key
        assert_same_example(together.example, alone.example)
    assert "0 kept" in repr(shared)  # every strategy took its copy: nothing is held


@pytest.mark.parametrize("model", MODELS)
def test_a_run_alone_is_that_run_of_the_whole_result(model):
    settings = Settings(sample_size=SMALL_SAMPLE[model], runs=3, seed=17)
    whole = Recursion(build_experiment(model), settings).result(4)
    recursion = Recursion(build_experiment(model), settings)
    past = time.perf_counter() - 1
    first = recursion.run_alone(2, 4, deadline=past)  # a deadline gone: one generation
    assert first.settings.runs == 1 and first.settings.generations == 0
    alone = recursion.run_alone(2, 4)  # continued from where it stopped
    assert alone.settings.generations == 4 and recursion.computed == -1  # nothing else ran
    mine = whole.metrics[whole.metrics["run"] == 2].drop(columns="run").reset_index(drop=True)
    assert alone.metrics.drop(columns="run").reset_index(drop=True).equals(mine)
    assert_same_example(alone.example, recursion.example(2, 4))
