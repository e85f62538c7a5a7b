"""The command line's options for a human share that changes and for filters against AI
content: they reach the engine, bad values and pairs are one line and status 2, and the
work bound counts the learned detector."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from test_cli import assert_one_line_error, run_cli

from collapse_core import Settings, build_experiment, cli, simulate
from collapse_core.cli import WORK_SECONDS, check_work
from collapse_core.experiments import DEFAULT_SAMPLE_SIZE
from collapse_core.families.continuous.metrics import CONTINUOUS_METRICS
from collapse_core.filtering import FILTER_METRICS
from collapse_core.work import GENERATION_COST, LEARNED_FILTER_COST

SMALL = ["--generations", "3", "--runs", "2", "--sample-size", "30", "--seed", "4"]


def _table(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out))


def test_a_changing_human_share_reaches_the_engine(capsys):
    code, out, err = run_cli(["run", "gaussian", *SMALL, "--human-fraction", "0.9",
                              "--human-fraction-end", "0.2", "--ramp-generations", "2"], capsys)
    assert code == 0 and err == ""
    expected = simulate(build_experiment("gaussian"), Settings(
        generations=3, runs=2, sample_size=30, seed=4, human_fraction=0.9,
        human_fraction_end=0.2, ramp_generations=2)).metrics
    table = _table(out)
    assert list(table.columns) == ["run", "generation", *CONTINUOUS_METRICS]
    np.testing.assert_allclose(table["std"], expected["std"], rtol=1e-5)
    # The ramp's length defaults to Settings'.
    _, default, _ = run_cli(["run", "gaussian", *SMALL, "--human-fraction", "0.9",
                             "--human-fraction-end", "0.2"], capsys)
    expected = simulate(build_experiment("gaussian"), Settings(
        generations=3, runs=2, sample_size=30, seed=4, human_fraction=0.9,
        human_fraction_end=0.2)).metrics
    np.testing.assert_allclose(_table(default)["std"], expected["std"], rtol=1e-5)


@pytest.mark.parametrize(("flags", "settings"), [
    (["--filter-recall", "0.8"], {"filter": "ideal", "filter_recall": 0.8}),
    (["--filter-false-positive", "0.1", "--filter-recall", "0.5"],
     {"filter": "ideal", "filter_recall": 0.5, "filter_false_positive": 0.1}),
    (["--filter", "ideal"], {"filter": "ideal"}),
    (["--filter", "learned"], {"filter": "learned"}),
    (["--filter", "detect"], {"filter": "detect"}),
])
def test_filters_reach_the_engine_and_add_their_columns(flags, settings, capsys):
    code, out, err = run_cli(["run", "gaussian", *SMALL, "--human-fraction", "0.3", *flags],
                             capsys)
    assert code == 0 and err == ""
    table = _table(out)
    assert list(table.columns) == ["run", "generation", *CONTINUOUS_METRICS, *FILTER_METRICS]
    expected = simulate(build_experiment("gaussian"), Settings(
        generations=3, runs=2, sample_size=30, seed=4, human_fraction=0.3, **settings)).metrics
    for column in ("std", "ai_share", "detector_accuracy"):
        np.testing.assert_allclose(table[column], expected[column], rtol=1e-5)


BAD = [
    ["--human-fraction-end", "1.2"],
    ["--human-fraction-end", "-0.5"],
    ["--human-fraction-end", "nan"],
    ["--human-fraction-end", "0.5", "--ramp-generations", "0"],
    ["--human-fraction-end", "0.5", "--ramp-generations", "2.5"],
    ["--ramp-generations", "5"],  # without an end, the share never changes
    ["--filter-recall", "1.5"],
    ["--filter-recall", "-0.1"],
    ["--filter-recall", "nan"],
    ["--filter-false-positive", "2"],
    ["--filter", "magic"],
    ["--filter", "learned", "--filter-recall", "0.5"],
    ["--filter", "detect", "--filter-false-positive", "0.1"],
    ["--filter-recall", "1"],  # no human data: nothing can pass
    ["--human-fraction", "0.5", "--filter-recall", "1", "--filter-false-positive", "1"],
    ["--human-fraction", "0.5", "--human-fraction-end", "0", "--filter-recall", "1"],
]


@pytest.mark.parametrize("flags", BAD, ids=" ".join)
def test_bad_values_and_pairs_are_one_line_and_status_2_before_any_work(flags, capsys,
                                                                        monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("refused input must not start a simulation")

    monkeypatch.setattr(cli, "build_experiment", never)
    monkeypatch.setattr(cli, "simulate", never)
    assert_one_line_error(*run_cli(["run", "gaussian", *flags], capsys))


def test_the_errors_say_what_to_change(capsys):
    _, _, err = run_cli(["run", "gaussian", "--filter-recall", "1"], capsys)
    assert "Nothing can pass the filter at generation 1" in err and "add human data" in err
    _, _, err = run_cli(["run", "gaussian", "--filter", "learned", "--filter-recall", "0.5"],
                        capsys)
    assert "--filter-recall" in err and "--filter learned" in err
    _, _, err = run_cli(["run", "gaussian", "--ramp-generations", "5"], capsys)
    assert "--human-fraction-end" in err


@pytest.mark.parametrize("model", sorted(LEARNED_FILTER_COST))
def test_the_work_bound_counts_the_learned_detector(model):
    n, generations = DEFAULT_SAMPLE_SIZE[model], 99
    fixed, per_item = GENERATION_COST[model]
    extra_fixed, extra_per_item = LEARNED_FILTER_COST[model]
    per_run = (generations + 1) * (fixed + per_item * n + extra_fixed + extra_per_item * n)
    most = int(WORK_SECONDS / per_run)
    for kind in ("learned", "detect"):
        check_work(model, Settings(runs=most, generations=generations, sample_size=n,
                                   filter=kind))
        with pytest.raises(ValueError, match=re.escape(
                f"{most + 1:,} runs x 100 generations") + ".* with the learned detector"):
            check_work(model, Settings(runs=most + 1, generations=generations, sample_size=n,
                                       filter=kind))
    # The ideal filter costs a few counts: the plain bound.
    plain_most = int(WORK_SECONDS / ((generations + 1) * (fixed + per_item * n)))
    check_work(model, Settings(runs=plain_most, generations=generations, sample_size=n,
                               filter="ideal", filter_recall=0.5))
    assert plain_most > most
