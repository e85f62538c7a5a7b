"""Shared fixtures: AppTest runs of the app (one page at a time) and the live-browser setup.

AppTest helpers are plain functions (import them with `from conftest import ...`) plus the
`app` fixture factory; a new page needs only a new test module that calls `app(page=...)`.
"""

from __future__ import annotations

import ast
import base64
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


# --- which pages exist ----------------------------------------------------------------------


def page_files() -> list[str]:
    """The page scripts app.py routes to (its `st.Page("app_pages/...")` entries), in order.

    Read from app.py's source so that a page added there is tested without touching the tests;
    falls back to every app_pages/*.py if app.py names no page by path.
    """
    found = []
    for node in ast.walk(ast.parse(APP.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "Page" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.col_offset, node.args[0].value))
    pages = [path for *_, path in sorted(found)]
    folder = ROOT / "app_pages"
    return pages or sorted(p.relative_to(ROOT).as_posix() for p in folder.glob("*.py"))


# --- AppTest ----------------------------------------------------------------------------------


@pytest.fixture
def clear_cache():
    """Empty Streamlit caches before and after the test (they are process-wide)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def whole_answers(monkeypatch):
    """Pages compute every generation before they answer. (On a busy or slow server the app
    answers with the first generations and finishes in the background: the tests of that set
    ui.serving.first_answer.ALONE_S themselves.)"""
    import ui.serving.first_answer

    monkeypatch.setattr(ui.serving.first_answer, "ALONE_S", None)


@pytest.fixture
def computations(monkeypatch) -> list:
    """The simulations the app asks the engine for during a test (one per Recursion.result)."""
    from collapse_core.recursion import Recursion

    calls, real = [], Recursion.result

    def counted(self, *args, **kwargs):
        calls.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Recursion, "result", counted)
    return calls


@pytest.fixture
def app(clear_cache):
    """Factory: `app(page="app_pages/x.py", query={"g": 37})` -> an AppTest of app.py, already run.

    Query parameters are set before the first run, as when a shared link is opened; `page`
    is selected before the first run too (like opening /bell directly). `run=False` returns
    the AppTest unrun, to set more state first.
    """
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, query: dict[str, Any] | None = None, run: bool = True):
        at = AppTest.from_file(str(APP), default_timeout=120)
        for key, value in (query or {}).items():
            at.query_params[key] = str(value)
        if page is not None:
            at.switch_page(page)
        if run:
            at.run()
        return at

    return make


def switch_to(at, page: str):
    """Go to another page of the same session and run it (returns the AppTest)."""
    return at.switch_page(page).run()


def assert_no_exception(at) -> None:
    """Fail with the app's own error messages and tracebacks if the run raised."""
    problems = [f"{e.message}\n" + "\n".join(e.stack_trace) for e in at.exception]
    assert not problems, "the app raised:\n" + "\n\n".join(problems)


def markdown_texts(at) -> list[str]:
    """The markdown blocks of the main area (not the sidebar), in order."""
    return [m.value for m in at.main.markdown]


def page_text(at) -> str:
    """Everything a reader reads in the main area: markdown, captions, alerts, titles."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption",
                                  "warning", "error", "info", "success")
             for e in getattr(at.main, kind)]
    return "\n".join(str(p) for p in parts)


def warnings_text(at) -> str:
    """The texts of every st.warning on the page, main area and sidebar."""
    return "\n".join(w.value for w in at.warning)


# --- plotly figures ---------------------------------------------------------------------------


def decode_plotly(obj: Any) -> Any:
    """Plotly JSON with every base64 array (`{"dtype", "bdata"[, "shape"]}`) as a numpy array.

    Plotly 7 writes numeric arrays as little-endian bytes in base64; dtype codes such as
    'f8', 'i4', 'u1' are numpy's own.
    """
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            dtype = np.dtype(obj["dtype"]).newbyteorder("<")
            array = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=dtype)
            shape = obj.get("shape")
            if shape is not None:
                if isinstance(shape, str):
                    shape = [int(s) for s in shape.split(",")]
                array = array.reshape(shape)
            return array
        return {key: decode_plotly(value) for key, value in obj.items()}
    if isinstance(obj, list):
        return [decode_plotly(value) for value in obj]
    return obj


def figures(at) -> list[dict]:
    """The decoded figure (data, layout, frames) of every plotly chart, in page order."""
    return [decode_plotly(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def trace(figure: dict, name: str) -> dict:
    """The first trace of `figure` whose name contains `name`."""
    for candidate in figure["data"]:
        if name in str(candidate.get("name", "")):
            return candidate
    names = [t.get("name") for t in figure["data"]]
    raise LookupError(f"no trace named like {name!r}; traces: {names}")


def open_view(at, label: str):
    """Open the page's view (tab) called `label` as a reader clicking it would, and rerun."""
    from ui.view_picker import VIEW_KEY

    at.session_state[VIEW_KEY] = label
    # AppTest re-applies a link's query parameters on every run; a click updates the URL too.
    at.query_params[VIEW_KEY] = label
    return at.run()


def open_folds(at, *keys: str):
    """Open the folds under the chart (`keys`, by default Presets and Advanced) as a reader
    clicking them would, and rerun: their widgets are drawn only while they are open."""
    from ui.recursion_controls import ADVANCED_FOLD, PRESETS_FOLD

    for key in keys or (PRESETS_FOLD, ADVANCED_FOLD):
        at.session_state[key] = True
    return at.run()


def open_presets(at):
    """Open the Presets fold only (Advanced stays closed), and rerun."""
    from ui.recursion_controls import PRESETS_FOLD

    return open_folds(at, PRESETS_FOLD)


def widget(at, key: str):
    """The widget bound to `key`, whatever its kind; opens the folds (a rerun) if it is in one."""
    for attempt in range(2):
        for kind in ("slider", "select_slider", "radio", "selectbox", "number_input", "toggle"):
            found = [w for w in getattr(at, kind) if w.key == key]
            if found:
                return found[0]
        if attempt == 0:
            open_folds(at)
    raise LookupError(f"no widget with key {key!r}")


def final_spread(at) -> float:
    """The spread at the last generation in a 1-D page's spread chart (run or median).

    Opens the page's "Spread" view (which then stays open).
    """
    figure = figures(open_view(at, "Spread"))[0]
    line = next(t for t in figure["data"] if t.get("name") in ("This run", "Typical run (median)"))
    return float(np.asarray(line["y"])[-1])


class SpreadViewBase:
    """A 1-D page before a control changes, reduced to what control tests compare against.

    Leaves the page on its Spread view, where the control tests then stay.
    """

    def __init__(self, at):
        self.spread = final_spread(at)  # opens the Spread view
        self.text, self.fingerprint, self.views = page_text(at), fingerprint(at), tab_labels(at)


def view_control(at):
    """The row of buttons that picks the page's view, or None on a page without views."""
    from ui.view_picker import ROW_KEY

    found = [c for c in at.segmented_control if c.key == ROW_KEY]
    return found[0] if found else None


def more_control(at):
    """The second row, of the measures behind "More measures" (None while it is closed)."""
    from ui.view_picker import MORE_KEY

    found = [c for c in at.segmented_control if c.key == MORE_KEY]
    return found[0] if found else None


def tab_labels(at) -> list[str]:
    """The labels of the page's views a reader sees, in order: the row's, then the open
    measures' row (empty on a page without views)."""
    control, more = view_control(at), more_control(at)
    return [*(control.options if control else []), *(more.options if more else [])]


def open_views(at) -> list[str]:
    """The view drawn now (a list: empty on a page without views)."""
    control, more = view_control(at), more_control(at)
    if more is not None:
        return [more.value]
    return [control.value] if control else []


def fingerprint(at) -> tuple:
    """What the reader sees, reduced to comparable values: the texts and every chart's data."""
    charts = tuple(json.dumps(json.loads(c.proto.spec)["data"], sort_keys=True)
                   for c in at.get("plotly_chart"))
    return page_text(at), charts


# --- browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """(chromium, chromedriver) paths; skip without them, but fail when CI=true."""
    from browser_support import find_browser

    found = find_browser()
    try:
        import selenium  # noqa: F401
    except ImportError:
        found = None
    if found is None:
        reason = ("browser tests need selenium (pip) and Debian's chromium + chromedriver "
                  "(apt-get install chromium chromium-driver)")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no browser: {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="session")
def server(browser):
    """`streamlit run app.py` on a free port for the whole session; stopped at the end."""
    from browser_support import StreamlitServer

    with StreamlitServer(APP, ROOT) as running:
        yield running


@pytest.fixture
def driver(browser):
    """A fresh headless Chromium with its own temporary profile."""
    from browser_support import chromium_driver

    with chromium_driver(browser) as d:
        yield d
