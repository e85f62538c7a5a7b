"""The README's Quick start: two commands for a fresh Debian or Ubuntu machine, the second of
which is the command CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start() -> list[str]:
    """The commands in the README's Quick start section, in order."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)


def test_the_quick_start_has_two_one_line_commands_that_install_and_start_or_test():
    start, test = quick_start()
    assert "\n" not in start and "\n" not in test
    assert start.endswith(".venv/bin/streamlit run app.py")
    assert "pip install -r requirements.txt" in start
    assert test.endswith(".venv/bin/python -m pytest")
    assert "pip install -r requirements-dev.txt" in test


def test_the_commands_work_where_python_means_nothing_and_pip_refuses_system_installs():
    for command in quick_start():
        words = command.replace("&&", " ").split()
        assert "python" not in words and "pip" not in words  # only python3 and .venv/bin/...
        assert "python3 -m venv .venv" in command


def test_ci_runs_the_readmes_test_command_word_for_word():
    ci = (ROOT / ".ci" / "run").read_text()
    assigned = re.search(r"^TEST_COMMAND='(.*)'$", ci, flags=re.M)
    assert assigned and assigned.group(1) == quick_start()[1]
    assert 'eval "$TEST_COMMAND"' in ci


def test_every_benchmark_named_in_the_readmes_exists():
    readmes = (ROOT / "README.md").read_text() + (ROOT / "benchmarks" / "README.md").read_text()
    named = set(re.findall(r"bench_\w+\.py", readmes))
    assert named and all((ROOT / "benchmarks" / name).is_file() for name in named), named
