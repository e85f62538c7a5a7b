"""Tests for `python -m collapse_core run hiring`: its options, columns and refusals."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from collapse_core import Settings, simulate
from collapse_core.cli import main
from collapse_core.families.hiring.card import HIRING
from collapse_core.families.hiring.experiment import HiringExperiment
from collapse_core.families.hiring.metrics import METRICS

ISSUE_COLUMNS = ["minority_share", "yes_rate", "yes_rate_majority", "yes_rate_minority",
                 "human_yes_rate_majority", "human_yes_rate_minority", "accuracy_majority",
                 "accuracy_minority"]


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of main(argv), whether it returns or exits."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_the_engines_numbers_with_every_option(capsys):
    assert {o.flag for o in HIRING.options} == {"--minority-share", "--labels", "--sees-group",
                                              "--rebalance", "--leave", "--bias"}
    argv = ["run", "hiring", "--minority-share", "0.3", "--labels", "sample", "--sees-group",
            "--rebalance", "--leave", "--bias", "0.5", "--temperature", "0.8",
            "--human-fraction", "0.2", "--human-data", "fresh", "--scheme", "accumulate",
            "--generations", "3", "--sample-size", "120", "--runs", "2", "--seed", "7"]
    code, out, err = run_cli(argv, capsys)
    assert code == 0 and err == ""
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == ["run", "generation", *METRICS]
    assert set(ISSUE_COLUMNS) <= set(table.columns)
    experiment = HiringExperiment(minority_share=0.3, labels="sample", sees_group=True,
                                  rebalance=True, leave=True, bias=0.5)
    expected = simulate(experiment, Settings(
        generations=3, sample_size=120, runs=2, seed=7, temperature=0.8, human_fraction=0.2,
        human_data="fresh", scheme="accumulate")).metrics
    np.testing.assert_allclose(table.to_numpy(float), expected.to_numpy(float), rtol=1e-5)
    assert table.minority_share.iloc[0] == 0.3 and table.minority_share.iloc[1] != 0.3


def test_the_defaults_are_the_cards(capsys):
    code, out, _ = run_cli(["run", "hiring", "--generations", "1", "--format", "json"], capsys)
    rows = pd.read_json(io.StringIO(out))
    assert code == 0 and len(rows) == 2
    expected = simulate(HIRING.experiment(), Settings(generations=1,
                                                     sample_size=HIRING.sample_size)).metrics
    np.testing.assert_allclose(rows["yes_rate_minority"], expected["yes_rate_minority"],
                               rtol=1e-5)


@pytest.mark.parametrize("argv,words", [
    (["--minority-share", "0"], "--minority-share"),
    (["--minority-share", "0.51"], "--minority-share"),
    (["--minority-share", "nan"], "--minority-share"),
    (["--minority-share", "much"], "--minority-share"),
    (["--labels", "max"], "--labels"),
    (["--bias", "-1"], "--bias"),
    (["--temperature", "0.5"], "temperature applies only"),
    (["--filter", "learned"], "no learned detector"),
    (["--filter", "detect"], "no learned detector"),
    (["--components", "3"], "--components applies only"),
])
def test_bad_values_exit_2_with_one_line(argv, words, capsys):
    code, out, err = run_cli(["run", "hiring", *argv], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err


@pytest.mark.parametrize("flag", ["--leave", "--sees-group", "--rebalance"])
def test_other_models_refuse_the_hiring_flags(flag, capsys):
    code, _, err = run_cli(["run", "gaussian", flag], capsys)
    assert code == 2 and f"{flag} applies only to hiring" in err


def test_the_ideal_filter_works_with_hiring(capsys):
    code, out, err = run_cli(["run", "hiring", "--generations", "2", "--sample-size", "100",
                              "--human-fraction", "0.5", "--filter-recall", "0.5"], capsys)
    table = pd.read_csv(io.StringIO(out))
    assert code == 0 and err == ""
    assert (table[table.generation > 0].ai_share < 0.5).all()  # it caught some of the model's
