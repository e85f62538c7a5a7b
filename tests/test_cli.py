"""Tests for the command line: `python -m collapse_core run MODEL [options]`."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collapse_core import Settings, build_experiment, cli, simulate
from collapse_core.cli import WORK_SECONDS, build_parser, check_work, main
from collapse_core.experiments import DEFAULT_SAMPLE_SIZE
from collapse_core.families.continuous.metrics import CONTINUOUS_METRICS
from collapse_core.settings import MAX_GENERATIONS, MAX_RUNS
from collapse_core.work import GENERATION_COST

COLUMNS = ["run", "generation", *CONTINUOUS_METRICS]
ROOT = Path(__file__).resolve().parents[1]
OPTIONS = [
    "--generations", "--sample-size", "--human-fraction", "--human-data", "--scheme",
    "--temperature", "--seed", "--runs", "--source", "--estimator", "--components",
    "--bandwidth", "--order", "--top-k", "--corpus", "--format",
]


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of main(argv), whether it returns or exits."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


# --- output formats ------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["gaussian", "mixture", "kde"])
def test_csv_has_one_row_per_run_and_generation(model, capsys):
    code, out, err = run_cli(["run", model, "--generations", "3", "--runs", "2",
                              "--sample-size", "40", "--seed", "5"], capsys)
    assert code == 0 and err == ""
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == COLUMNS
    assert len(table) == 2 * 4
    np.testing.assert_array_equal(table["run"], [0, 0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_array_equal(table["generation"], [0, 1, 2, 3] * 2)
    # The numbers are the engine's, printed to 6 significant digits.
    expected = simulate(build_experiment(model), Settings(generations=3, sample_size=40, runs=2,
                                                         seed=5)).metrics
    for column in CONTINUOUS_METRICS:
        np.testing.assert_allclose(table[column], expected[column], rtol=1e-5, atol=1e-12)


def test_json_is_a_list_of_rows(capsys):
    code, out, _ = run_cli(["run", "gaussian", "--generations", "4", "--runs", "3",
                            "--format", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 3 * 5
    assert all(list(row) == COLUMNS for row in rows)
    assert [row["generation"] for row in rows] == list(range(5)) * 3
    assert all(np.isfinite(row["std"]) and row["std"] > 0 for row in rows)


def test_table_is_aligned_text_with_a_header(capsys):
    code, out, _ = run_cli(["run", "kde", "--generations", "2", "--sample-size", "30",
                            "--format", "table"], capsys)
    assert code == 0
    lines = out.strip("\n").splitlines()
    assert lines[0].split() == COLUMNS
    assert len(lines) == 1 + 3
    for g, line in enumerate(lines[1:]):
        fields = line.split()
        assert len(fields) == len(COLUMNS) and fields[:2] == ["0", str(g)]
        assert all(np.isfinite(float(f)) for f in fields)


def test_defaults_and_options_reach_the_engine(capsys):
    # Gaussian's default sample size is 100; options map one-to-one onto Settings.
    _, out, _ = run_cli(["run", "gaussian", "--generations", "5", "--estimator", "unbiased",
                         "--human-fraction", "0.25", "--human-data", "fresh", "--scheme",
                         "accumulate", "--temperature", "0.8", "--seed", "7",
                         "--source", "two-groups"], capsys)
    settings = Settings(generations=5, sample_size=100, human_fraction=0.25, human_data="fresh",
                        scheme="accumulate", temperature=0.8, seed=7)
    expected = simulate(build_experiment("gaussian", source="two-groups",
                                         estimator="unbiased"), settings).metrics
    np.testing.assert_allclose(pd.read_csv(io.StringIO(out))["std"], expected["std"], rtol=1e-5)


@pytest.mark.parametrize(
    ("model", "option", "values"),
    [("mixture", "--components", ["1", "4"]), ("kde", "--bandwidth", ["silverman", "0.5"])],
)
def test_model_options_change_the_output(model, option, values, capsys):
    outputs = []
    for value in values:
        code, out, _ = run_cli(["run", model, "--generations", "2", "--sample-size", "200",
                                option, value], capsys)
        assert code == 0
        outputs.append(pd.read_csv(io.StringIO(out)))
    assert not np.allclose(outputs[0]["std"], outputs[1]["std"])


def test_zero_generations(capsys):
    code, out, _ = run_cli(["run", "gaussian", "--generations", "0", "--runs", "4"], capsys)
    assert code == 0 and len(pd.read_csv(io.StringIO(out))) == 4


# --- help ----------------------------------------------------------------------------------


def test_help_exits_0(capsys):
    code, out, _ = run_cli(["--help"], capsys)
    assert code == 0 and "run" in out


def test_run_help_mentions_every_option(capsys):
    code, out, _ = run_cli(["run", "--help"], capsys)
    assert code == 0
    for option in OPTIONS:
        assert option in out, option
    # ... including any option added later: every flag the parser knows is documented.
    run_parser = build_parser()._subparsers._group_actions[0].choices["run"]
    for action in run_parser._actions:
        for flag in action.option_strings:
            assert flag in out, flag
        assert action.help, action.dest


# --- bad input: exit status 2, one line, no traceback -----------------------------------------


BAD = [
    ["run", "gaussian", "--sample-size", "1"],
    ["run", "gaussian", "--sample-size", "0"],
    ["run", "gaussian", "--human-fraction", "1.5"],
    ["run", "gaussian", "--human-fraction", "-0.1"],
    ["run", "gaussian", "--human-fraction", "nan"],
    ["run", "gaussian", "--temperature", "0"],
    ["run", "gaussian", "--temperature", "-1"],
    ["run", "gaussian", "--temperature", "nan"],
    ["run", "gaussian", "--generations", "-1"],
    ["run", "gaussian", "--generations", "2.5"],
    ["run", "gaussian", "--runs", "0"],
    ["run", "gaussian", "--runs", str(MAX_RUNS + 1)],
    ["run", "gaussian", "--generations", str(MAX_GENERATIONS + 1)],
    ["run", "gaussian", "--seed", "-1"],
    ["run", "gaussian", "--seed", "abc"],
    ["run", "transformer"],
    ["run", "gaussian", "--source", "nowhere"],
    ["run", "gaussian", "--estimator", "median"],
    ["run", "mixture", "--components", "0"],
    ["run", "mixture", "--components", "11"],
    ["run", "kde", "--bandwidth", "wide"],
    ["run", "kde", "--bandwidth", "0"],
    ["run", "kde", "--bandwidth", "-1"],
    ["run", "kde", "--bandwidth", "nan"],
    ["run", "kde", "--bandwidth", "inf"],
    ["run", "gaussian", "--order", "2"],
    ["run", "gaussian", "--top-k", "5"],
    ["run", "gaussian", "--corpus", "kjv"],
    ["run", "gaussian", "--components", "3"],
    ["run", "gaussian", "--bandwidth", "0.3"],
    ["run", "mixture", "--estimator", "mle"],
    ["run", "gaussian", "--format", "xml"],
    ["run", "gaussian", "--bogus"],
    ["run"],
    [],
]


def assert_one_line_error(code, out, err):
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("error: ")


@pytest.mark.parametrize("argv", BAD, ids=lambda argv: " ".join(argv) or "nothing")
def test_bad_input_is_one_line_and_status_2(argv, capsys):
    assert_one_line_error(*run_cli(argv, capsys))


def test_options_of_another_model_are_named_in_the_error(capsys):
    _, _, err = run_cli(["run", "gaussian", "--order", "2"], capsys)
    assert "--order" in err and "markov" in err


def test_huge_bandwidth_is_refused_or_survived(capsys):
    code, out, err = run_cli(["run", "kde", "--bandwidth", "1e200", "--generations", "1"],
                             capsys)
    assert code in (0, 2) and "Traceback" not in err


def test_unreadable_corpus_for_markov(tmp_path, capsys):
    if importlib.util.find_spec("collapse_core.families.text.experiment") is None:
        pytest.skip("collapse_core.families.text.experiment (markov's experiment) is not "
                    "written yet")
    missing = tmp_path / "no-such-file.txt"
    assert_one_line_error(*run_cli(["run", "markov", "--corpus", str(missing)], capsys))
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert_one_line_error(*run_cli(["run", "markov", "--corpus", str(binary)], capsys))


# --- the work bound: runs x (generations + 1) x sample size ---------------------------------


@pytest.mark.slow
def test_thousands_of_small_runs_are_accepted(capsys):
    start = time.perf_counter()
    code, out, err = run_cli(["run", "gaussian", "--runs", "4000", "--sample-size", "20",
                              "--generations", "30"], capsys)
    assert time.perf_counter() - start < WORK_SECONDS  # the bound's promise, with room to spare
    assert code == 0 and err == ""
    table = pd.read_csv(io.StringIO(out))
    assert len(table) == 4000 * 31
    np.testing.assert_array_equal(np.unique(table["run"]), np.arange(4000))
    # Run 0 is the engine's run 0 (a run's stream does not depend on how many runs there are).
    alone = simulate(build_experiment("gaussian"), Settings(generations=30, sample_size=20))
    np.testing.assert_allclose(table["std"][:31], alone.metrics["std"], rtol=1e-5)


def test_work_over_the_bound_is_refused_before_any_work(monkeypatch, capsys):
    def never(*args, **kwargs):
        raise AssertionError("a refused job must not start")

    monkeypatch.setattr(cli, "build_experiment", never)
    monkeypatch.setattr(cli, "simulate", never)
    code, out, err = run_cli(["run", "gaussian", "--runs", "4000", "--generations", "1000",
                              "--sample-size", "1000"], capsys)
    assert_one_line_error(code, out, err)
    assert "4,000 runs x 1,001 generations x 1,000 items = 4.0 billion item-generations" in err
    assert re.search(r"allows for gaussian \([0-9.]+ billion, about 10 minutes\)", err), err
    assert "use fewer runs, generations or a smaller sample" in err


def _named_limit(model: str, sample_size: int = 1000, scheme: str = "replace", **size) -> float:
    """The limit, in item-generations, that the refusal of an oversized job names."""
    huge = Settings(runs=MAX_RUNS, generations=MAX_GENERATIONS, sample_size=sample_size,
                    scheme=scheme)
    with pytest.raises(ValueError, match="item-generations") as info:
        check_work(model, huge, **size)
    number, word = re.search(r"\(([0-9.,]+)(?: (billion|million))?, about",
                             str(info.value)).groups()
    return float(number.replace(",", "")) * {"billion": 1e9, "million": 1e6, None: 1}[word]


@pytest.mark.parametrize("model", sorted(GENERATION_COST))
def test_the_bound_is_the_limit_it_names(model):
    n, generations = DEFAULT_SAMPLE_SIZE[model], 99
    fixed, per_item = GENERATION_COST[model]
    most = int(WORK_SECONDS / (fixed + per_item * n) / (generations + 1))  # runs
    check_work(model, Settings(runs=most, generations=generations, sample_size=n))
    with pytest.raises(ValueError, match=f"{most + 1:,} runs x 100 generations"):
        check_work(model, Settings(runs=most + 1, generations=generations, sample_size=n))
    # The named limit is rounded to 2 or 3 significant digits: within 5% of the item-generations
    # WORK_SECONDS buys (`most` is that in whole runs, which may be few: the neural network's).
    assert _named_limit(model, sample_size=n) == pytest.approx(
        WORK_SECONDS / (fixed / n + per_item), rel=0.05)


def test_bigger_models_are_allowed_less_work():
    # Both limits are rounded (within 5% each), so their ratio is within 10%.
    mixture = _named_limit("mixture")
    assert _named_limit("mixture", components=10) == pytest.approx(mixture * 3 / 10, rel=0.1)
    assert _named_limit("mixture", components=1) == mixture  # no discount below the default
    digits = _named_limit("digits")
    assert _named_limit("digits", latent_dims=40) == pytest.approx(digits / 4, rel=0.1)
    assert _named_limit("digits", latent_dims=40, components=30) == pytest.approx(
        digits / 12, rel=0.1)


def test_accumulating_counts_every_item_trained_on():
    # Generation g of accumulate trains on (g + 1) N items: (G + 2) / 2 times N on average.
    job = Settings(runs=30, generations=999, sample_size=2000, scheme="accumulate")
    with pytest.raises(ValueError, match=re.escape(
            "30 runs x 1,000 generations x 2,000 items accumulated (1,001,000 on average) = "
            "30 billion item-generations")):
        check_work("gaussian", job)
    check_work("gaussian", replace(job, scheme="replace"))  # 60 million: allowed
    # Per item-generation the fixed cost of a fit is shared by more items: a larger limit.
    assert _named_limit("kde", scheme="accumulate") > _named_limit("kde")


def test_cli_ranges_are_the_librarys():
    args = build_parser().parse_args(["run", "gaussian", "--runs", str(MAX_RUNS),
                                      "--generations", str(MAX_GENERATIONS)])
    Settings(runs=args.runs, generations=args.generations)  # valid for the library too
    for name, value in (("runs", MAX_RUNS + 1), ("generations", MAX_GENERATIONS + 1)):
        with pytest.raises(ValueError, match=name):
            Settings(**{name: value})


# --- as a subprocess -----------------------------------------------------------------------


def _python_m(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "collapse_core", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_python_m_collapse_core_runs_and_refuses():
    done = _python_m("run", "gaussian", "--generations", "2", "--runs", "2", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 2 * 3 and list(rows[0]) == COLUMNS
    bad = _python_m("run", "gaussian", "--human-fraction", "2")
    assert_one_line_error(bad.returncode, bad.stdout, bad.stderr)
    assert "--human-fraction" in bad.stderr
