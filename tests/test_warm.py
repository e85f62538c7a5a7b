"""Warming a new server process: every step runs, and it loads what the engine would otherwise
import in the middle of a reader's first visit."""

from __future__ import annotations

import ast
import sys
import threading
import time
from pathlib import Path

from conftest import assert_no_exception

from ui.serving import warm

ROOT = Path(__file__).resolve().parents[1]


def test_every_warming_step_runs():
    for step in warm.steps():
        step()
    assert all(name in sys.modules for name in warm.LAZY_IMPORTS)


def _imports_inside_functions(path: Path) -> set[str]:
    """The modules a file imports inside its functions (when first needed)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    found.add(inner.module)
                elif isinstance(inner, ast.Import):
                    found.update(alias.name for alias in inner.names)
    return found


def test_warming_imports_every_scikit_learn_module_the_engine_imports_late():
    late = set().union(*(_imports_inside_functions(path)
                         for path in (ROOT / "collapse_core").rglob("*.py")))
    wanted = {name for name in late if name.startswith("sklearn.")
              and name != "sklearn.exceptions"}  # tiny, and imported by the others
    assert wanted and wanted <= set(warm.LAZY_IMPORTS), wanted - set(warm.LAZY_IMPORTS)


def test_warming_starts_only_under_a_server(app, monkeypatch):
    monkeypatch.setattr(warm, "_thread", None)
    warm.warm_up()  # no Streamlit server here
    assert_no_exception(app())  # nor in AppTest: the engine's work is the tests' to count
    assert warm._thread is None


def test_warming_computes_what_every_lesson_link_asks_for(app, monkeypatch):
    # Each lesson link opened as a reader opens it: what its page asks ui.serving.compute for
    # (recorded, then refused so that nothing is computed) must be among the warming steps.
    from ui.lesson import LESSON
    from ui.serving import compute

    asked = []

    def recorder(kind):
        def record(*args):
            asked.append((kind, args))
            raise ValueError("recorded")  # the page explains it and stops
        return record

    monkeypatch.setattr(compute, "simulation", recorder("simulation"))
    monkeypatch.setattr(compute, "comparison", recorder("comparison"))
    warmed = {step.args for step in warm.steps() if step.func is warm._ahead}
    for link in (link for step in LESSON for link in step.every_link()):
        before = len(asked)
        assert_no_exception(app(page=link.page, query=link.query))
        assert len(asked) > before, link.label
    assert set(asked) <= warmed, set(asked) - warmed


def test_warming_loads_the_chinese_words_a_chinese_reader_starts_on():
    from collapse_core.families.neural.wordlists import chinese_words

    chinese_words.cache_clear()
    for step in warm.steps():
        if step.func is warm._first_run and step.keywords:
            step()
    assert chinese_words.cache_info().currsize == 1


def test_the_lessons_runs_wait_until_no_script_has_run_for_a_while():
    # Whatever the machine's speed: not while a reader's script runs, and not until QUIET_S
    # after the last one ended.
    from ui.serving import activity

    returned = []
    waiter = threading.Thread(target=lambda: (activity.wait_until_quiet(0.2),
                                              returned.append(time.monotonic())))
    with activity.script_running():
        waiter.start()
        assert not returned
    waiter.join(timeout=60)
    assert returned and returned[0] - activity._last_end >= 0.2
