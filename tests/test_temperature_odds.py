"""What About and the lesson say of a low temperature, checked in the odds over many seeded runs:
it narrows one bell curve's spread and loses rare words sooner, but it loses the lesson's small
group no sooner than pure self-training (it sharpens each group without changing how often each
is drawn). Each comparison is paired: the same seed gives both temperatures the same first
sample, and the tolerance is a number of standard errors of the paired differences."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from collapse_core import Settings, build_experiment, simulate
from collapse_core.families.continuous.metrics import RARE_MODE_GONE, continuous_metrics
from collapse_core.families.continuous.sources import continuous_source
from collapse_core.summary import by_generation
from ui.lesson import RARE_GROUP

COLD = 0.8  # the lesson's and Compare's lower temperature


def paired(model: str, options: dict, settings: Settings, metric: str) -> tuple[np.ndarray, ...]:
    """`metric` as (generations + 1, runs) at temperature 1 and at COLD, same seeds."""
    experiment = build_experiment(model, **options)
    return tuple(by_generation(simulate(experiment, replace(settings, temperature=t)).metrics,
                               metric) for t in (1.0, COLD))


def mean_and_error(differences: np.ndarray) -> tuple[float, float]:
    """The mean of paired differences and its standard error."""
    return float(differences.mean()), float(differences.std(ddof=1) / np.sqrt(differences.size))


@pytest.mark.slow  # 2 x 200 runs of 100 generations
def test_a_lower_temperature_loses_the_lesson_s_small_group_no_sooner():
    source = continuous_source(RARE_GROUP["src"])
    line = RARE_MODE_GONE.factor * continuous_metrics(source.distribution,
                                                      source)["rare_mode_mass"]
    settings = Settings(generations=int(RARE_GROUP["g"]), sample_size=int(RARE_GROUP["n"]),
                        runs=200, seed=11)
    warm, cold = paired("mixture", {"source": RARE_GROUP["src"],
                                    "components": int(RARE_GROUP["k"])}, settings,
                        "rare_mode_mass")
    for g in (25, 50, settings.generations):
        lost_warm, lost_cold = warm[g] < line, cold[g] < line
        assert 0.3 < lost_warm.mean() < 0.95, "the group is lost in many runs, not all"
        mean, error = mean_and_error(lost_cold.astype(float) - lost_warm)
        # No sooner: the share lost by generation g is the same within three standard errors
        # (with 200 runs, about six points).
        assert abs(mean) <= 3 * error, (g, mean, error)


def test_a_lower_temperature_narrows_one_bell_curve_faster():
    warm, cold = paired("gaussian", {"source": "bell"},
                        Settings(generations=30, sample_size=100, runs=300, seed=12), "std")
    mean, error = mean_and_error(np.log(cold[-1]) - np.log(warm[-1]))
    # Theory (DESIGN.md section 3): E[var] shrinks by a further factor t each generation, so
    # the log spread ends about 30 * ln(0.8) / 2 = -3.3 lower: far beyond three errors.
    assert mean < -3 * error and mean < -2


def test_a_lower_temperature_loses_rare_words_sooner():
    warm, cold = paired("markov", {"corpus": "kjv"},
                        Settings(generations=15, sample_size=1000, runs=10, seed=13),
                        "rare_word_survival")
    differences = cold[-1] - warm[-1]
    mean, error = mean_and_error(differences)
    assert mean < -3 * error, (mean, error)
    assert (differences < 0).all(), "in every run, fewer rare words survive"
    assert pd.Series(cold[-1]).median() < 0.5 * pd.Series(warm[-1]).median()
