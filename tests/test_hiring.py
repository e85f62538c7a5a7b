"""Tests for the hiring family: the people's decisions, the screening model (an oracle against
scikit-learn), the engine's runs (together against alone) and the theory beside them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from oracle import per_run

from collapse_core import build_experiment
from collapse_core.families.hiring import leaving, theory
from collapse_core.families.hiring.card import ALARM_REFERENCE, HIRING
from collapse_core.families.hiring.experiment import HiringExperiment
from collapse_core.families.hiring.logistic import PENALTY, fit_logistic, sigmoid
from collapse_core.families.hiring.metrics import METRICS
from collapse_core.families.hiring.model import balanced_weights, features
from collapse_core.families.hiring.population import (
    DECISION,
    GROUP,
    PEOPLE_BAR,
    SCORE,
    SCORE_GAP,
    Applicants,
)
from collapse_core.recursion import Recursion, simulate
from collapse_core.settings import Settings


def _by_generation(result, column: str) -> np.ndarray:
    """A (generations + 1, runs) table of one metric."""
    return result.metrics.pivot(index="generation", columns="run", values=column).to_numpy()


# --- the people and the items -------------------------------------------------------------


def test_items_carry_group_score_and_the_peoples_decision():
    source, rng = Applicants(0.3), np.random.default_rng(0)
    items = source.original(20_000, rng)
    group, score, decision = items[:, GROUP], items[:, SCORE], items[:, DECISION]
    assert set(np.unique(group)) == {0.0, 1.0} and set(np.unique(decision)) == {0.0, 1.0}
    # Binomial standard errors: sqrt(p (1 - p) / n) < 0.004 here; 4 of them.
    assert group.mean() == pytest.approx(0.3, abs=0.016)
    gap = score[group == 0].mean() - score[group == 1].mean()
    assert gap == pytest.approx(SCORE_GAP, abs=4 * math.sqrt(1 / 14_000 + 1 / 6_000))
    # The same score is hired alike in both groups (a fair truth): near the bar, both ~50%.
    near = np.abs(score - PEOPLE_BAR) < 0.1
    for g in (0, 1):
        chosen = decision[near & (group == g)]
        assert chosen.mean() == pytest.approx(0.5, abs=4 * 0.5 / math.sqrt(chosen.size))


@pytest.mark.parametrize("bias", [0.0, 1.0, 3.0])
def test_the_peoples_rate_is_the_mean_of_their_decisions_over_many_applicants(bias):
    # Oracle: the quadrature's exact rate per group against the share hired of 200,000 fresh
    # applicants, within 4 binomial standard errors of that share.
    source = Applicants(0.3, bias)
    items = source.original(200_000, np.random.default_rng(1))
    for g in (0, 1):
        hired = items[items[:, GROUP] == g, DECISION]
        se = math.sqrt(hired.mean() * (1 - hired.mean()) / hired.size)
        assert source.people_rates()[g] == pytest.approx(hired.mean(), abs=4 * se)


def test_the_peoples_rate_is_the_same_every_year_and_the_warning_lines_reference():
    s = Settings(generations=5, sample_size=200, runs=3, seed=4)
    metrics = simulate(HiringExperiment(leave=True), s).metrics
    for g, group in enumerate(("majority", "minority")):
        rates = metrics[f"people_rate_{group}"].to_numpy()
        assert (rates == Applicants().people_rates()[g]).all()
    assert ALARM_REFERENCE == "people_rate_minority"


def test_bad_options_are_refused_by_name():
    for share in (0, 0.51, float("nan"), "0.2", True):
        with pytest.raises(ValueError, match="minority_share"):
            HiringExperiment(minority_share=share)
    with pytest.raises(ValueError, match="labels"):
        HiringExperiment(labels="max")
    with pytest.raises(ValueError, match="bias"):
        HiringExperiment(bias=-1)
    with pytest.raises(TypeError, match="no model takes the option 'temperature'"):
        build_experiment("hiring", temperature=2)


# --- the model: an oracle -------------------------------------------------------------------


@pytest.mark.parametrize("separable", [False, True])
def test_logistic_regression_matches_scikit_learn(separable):
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    runs, n = 4, 400
    group = (rng.random((runs, n)) < 0.25).astype(float)
    score = rng.standard_normal((runs, n)) - SCORE_GAP * group
    chance = (score > 0.5) if separable else sigmoid(2 * score - group)
    decision = (rng.random((runs, n)) < chance).astype(float)
    weight = balanced_weights(group, decision)
    coef = fit_logistic(features(group, score, True), decision, weight)
    for run in range(runs):
        theirs = LogisticRegression(C=1 / PENALTY, tol=1e-12, max_iter=100_000).fit(
            np.stack([score[run], group[run]], axis=1), decision[run],
            sample_weight=weight[run])
        ours = coef[run]
        np.testing.assert_allclose(ours, [theirs.intercept_[0], *theirs.coef_[0]], rtol=1e-5,
                                   atol=1e-6)


def test_rebalancing_gives_each_group_and_decision_the_same_weight():
    rng = np.random.default_rng(4)
    group = (rng.random((3, 1000)) < 0.2).astype(float)
    decision = (rng.random((3, 1000)) < 0.3).astype(float)
    weight = balanced_weights(group, decision)
    for g in (0, 1):
        for d in (0, 1):
            cell = (weight * ((group == g) & (decision == d))).sum(axis=1)
            np.testing.assert_allclose(cell, 250.0)


@pytest.mark.parametrize("options,settings", [
    ({}, {}),
    ({"labels": "sample", "sees_group": True, "leave": True},
     {"human_fraction": 0.3, "human_data": "fresh", "temperature": 0.7}),
    ({"rebalance": True, "leave": True}, {"scheme": "accumulate", "human_fraction": 0.1}),
])
def test_runs_together_match_runs_alone_bit_for_bit(options, settings):
    experiment = HiringExperiment(**options)
    s = Settings(generations=6, sample_size=200, runs=5, seed=11, **settings)
    together = simulate(experiment, s)
    alone, example = per_run(experiment, s)
    pd.testing.assert_frame_equal(together.metrics, alone, check_exact=True)
    np.testing.assert_array_equal(together.example["model_yes"], example["model_yes"])
    recursion = Recursion(experiment, s)
    third = recursion.run_alone(3, 6).metrics.drop(columns="run")
    mine = together.metrics[together.metrics.run == 3].drop(columns="run")
    np.testing.assert_array_equal(third.to_numpy(), mine.to_numpy())


def test_metrics_are_the_columns_the_issue_names():
    result = simulate(HiringExperiment(), Settings(generations=2, sample_size=300, runs=2))
    assert list(result.metrics.columns) == ["run", "generation", *METRICS]
    m = result.metrics
    np.testing.assert_allclose(m.gap, m.yes_rate_majority - m.yes_rate_minority)
    assert m.minority_share.eq(0.2).all()  # nobody leaves unless asked
    named = {HIRING.headline, HIRING.alarm.metric, ALARM_REFERENCE, HIRING.yardstick.metric}
    assert named <= set(METRICS)


# --- the theory --------------------------------------------------------------------------------


def test_sampled_decisions_keep_the_expected_hiring_rate_argmax_lowers_it():
    """With sampled decisions and no human data the hiring rate is a martingale: its mean over
    runs at generation 12 is generation 0's, within 3 standard errors of the mean change (the
    runs are independent, so the SE is the change's sd over runs / sqrt(runs)). The runs
    spread out (drift by chance). With argmax the rate falls in every run's mean."""
    runs = 300
    s = Settings(generations=12, sample_size=400, runs=runs, seed=5)
    sampled = _by_generation(simulate(HiringExperiment(labels="sample"), s), "yes_rate")
    change = sampled[-1] - sampled[0]
    assert abs(change.mean()) < 3 * change.std(ddof=1) / math.sqrt(runs)
    assert sampled[-1].std() > 2 * sampled[0].std()
    argmax = _by_generation(simulate(HiringExperiment(), s), "yes_rate")
    fall = argmax[0] - argmax[-1]
    assert fall.mean() > 10 * fall.std(ddof=1) / math.sqrt(runs)


def test_calibrated_decisions_stay_within_taori_hashimotos_bound():
    """A model blind to the group, trained on people with a historical bias against the smaller
    group, over-hires that group by delta at generation 0. With sampled decisions and half of
    each training set fresh human data, its error in later generations stays under
    delta (1 + k/m) = 2 delta: both are means over runs, compared with 3 standard errors."""
    runs, f = 200, 0.5
    s = Settings(generations=12, sample_size=500, runs=runs, seed=2, human_fraction=f,
                 human_data="fresh")
    result = simulate(HiringExperiment(labels="sample", bias=1.0), s)
    error = _by_generation(result, "yes_rate_minority") - _by_generation(
        result, "human_yes_rate_minority")
    se = error.std(axis=1, ddof=1) / math.sqrt(runs)
    delta = error[0].mean()
    assert delta > 5 * se[0]  # the first model is measurably off for the smaller group
    bound = theory.calibrated_bound(delta + 3 * se[0], f)
    assert (np.abs(error[6:].mean(axis=1)) < bound + 3 * se[6:]).all()
    assert theory.calibrated_bound(delta, 0.0) == math.inf


def test_argmax_raises_the_bar_as_derived():
    """Refit once on argmax decisions at the bar c: the new bar moves by
    -(log f)'(c) pi^2 / (6 w^2). Averaged over 200 runs (SE from their spread), within 3 SE
    plus 15% for the first-order expansion."""
    rng = np.random.default_rng(8)
    runs, n, bar = 200, 2000, PEOPLE_BAR
    score = rng.standard_normal((runs, n))  # one group: f is the standard normal density
    decision = (score > bar).astype(float)
    coef = fit_logistic(features(np.zeros_like(score), score, False), decision,
                        np.ones_like(score))
    shift = -coef[:, 0] / coef[:, 1] - bar
    predicted = theory.bar_shift(coef[:, 1].mean(), -bar)  # (log phi)'(c) = -c
    assert predicted > 0  # hiring is the rarer decision: the bar rises
    se = shift.std(ddof=1) / math.sqrt(runs)
    assert shift.mean() == pytest.approx(predicted, abs=3 * se + 0.15 * predicted)


def test_group_sizes_go_to_hashimotos_fixed_point():
    missed = np.array([[0.3, 0.6]])
    sizes = np.array([[0.8, 0.2]])
    for _ in range(200):
        sizes = leaving.next_sizes(sizes, missed, 0.2)
    np.testing.assert_allclose(sizes[0], theory.fixed_point_sizes(missed[0], 0.2), rtol=1e-12)
    assert theory.fixed_point_share([0.4, 0.4], 0.2) == pytest.approx(0.2)  # no one wronged more


def test_simulated_share_settles_at_the_fixed_point_of_its_error_rates():
    """Accumulating keeps the error rates steady; the smaller group's share at generation 15
    (mean over runs) is the fixed point of the mean error rates of generations 10-14, within
    3 SE of the share over runs plus 0.005 for taking the fixed point of means."""
    runs = 60
    s = Settings(generations=15, sample_size=600, runs=runs, seed=3, scheme="accumulate")
    result = simulate(HiringExperiment(leave=True), s)
    share = _by_generation(result, "minority_share")[-1]
    missed = [_by_generation(result, f"missed_{g}")[10:15].mean() for g in ("majority",
                                                                           "minority")]
    expected = theory.fixed_point_share(np.array(missed), 0.2)
    assert expected < 0.19  # the smaller group is wronged more, and applies less
    assert share.mean() == pytest.approx(expected,
                                         abs=3 * share.std(ddof=1) / math.sqrt(runs) + 0.005)


def test_the_example_rule_is_how_the_model_decides():
    s = Settings(generations=2, sample_size=300, seed=1)
    argmax = simulate(HiringExperiment(), s).example["model_yes"]
    assert set(np.unique(argmax)) == {0.0, 1.0}  # a bar: hired above it, not below
    sampled = simulate(HiringExperiment(labels="sample"), s).example["model_yes"]
    assert ((sampled > 0) & (sampled < 1)).all()
    people = simulate(HiringExperiment(), s).example["people_yes"]
    np.testing.assert_allclose(people[0], people[1])  # a fair truth: one rule for both


def test_a_training_set_with_no_one_hired_gives_a_model_that_hires_no_one():
    rng = np.random.default_rng(6)
    score = rng.standard_normal((2, 10))
    decision = np.zeros((2, 10))
    coef = fit_logistic(features(np.zeros_like(score), score, False), decision,
                        np.ones_like(score))
    assert np.isfinite(coef).all() and (coef[:, 0] < -10).all()
    tiny = Settings(generations=5, sample_size=10, runs=20, seed=1)  # some runs hire no one
    metrics = simulate(HiringExperiment(minority_share=0.05), tiny).metrics
    assert (metrics.yes_rate == 0).any()
