"""Every value of a link is untrusted input: hostile values in every knob of every page give the
usual notice and a fallback, never a traceback.

A page's knobs are found from the page itself (every keyed widget and its tabs), so a knob added
later is covered without touching this file.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import (
    APP,
    ROOT,
    assert_no_exception,
    open_folds,
    page_files,
    view_control,
    warnings_text,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ui.view_picker import VIEW_KEY

PAGES = page_files()
WIDGET_KINDS = ("slider", "select_slider", "radio", "selectbox", "number_input", "toggle")
# Values no knob can take: not numbers, not finite, out of every range, not ASCII digits,
# empty, huge, markup.
HOSTILE = (
    "nan", "inf", "-inf", "1e309", "99999999999999999999999999", "9" * 10_240, "😀" * 2_000,
    "१२३", "", " 7 ", "0x1F", "<script>alert(1)</script>", "\u202eRTL\u200b",
)


def knob_keys(at) -> list[str]:
    """The keys of every knob the page drew: its keyed widgets, and its tabs if it has any."""
    keys = [w.key for kind in WIDGET_KINDS for w in getattr(at, kind)
            if w.key and not w.key.startswith(("preset-", "FormSubmitter"))]
    return keys + ([VIEW_KEY] if view_control(at) is not None else [])


@pytest.fixture(scope="module")
def keys_by_page() -> dict[str, list[str]]:
    """Each page's knob keys, from a run with its defaults."""
    from streamlit.testing.v1 import AppTest

    found = {}
    for page in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.switch_page(page)
        found[page] = knob_keys(open_folds(at.run()))  # with the widgets folded away too
    return found


def open_with(app, page: str, query: dict):
    at = app(page=page, run=False)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:20])
def test_a_hostile_value_in_every_knob_gives_a_notice(app, keys_by_page, page, value):
    keys = keys_by_page[page]
    at = open_with(app, page, dict.fromkeys(keys, value))
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    if keys:
        assert "could not be used" in warnings_text(at)


@pytest.mark.parametrize("page", PAGES)
def test_repeated_keys_use_the_last_value(app, keys_by_page, page):
    keys = keys_by_page[page]
    at = open_with(app, page, {key: ["5", "300", "abc", "-1", "1e9", "nan"] for key in keys})
    assert_no_exception(at)
    assert not at.error


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_text_in_any_knob_never_raises(app, keys_by_page, data):
    page = data.draw(st.sampled_from(PAGES))
    keys = keys_by_page[page]
    if not keys:
        return
    chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4, unique=True))
    query = {key: data.draw(st.text(max_size=30)) for key in chosen}
    at = open_with(app, page, query)
    assert_no_exception(at)
    assert not at.error


def test_the_new_keys_are_among_the_knobs_tried(keys_by_page):
    # The human share's end and ramp on every experiment page, the filters' knobs.
    for page in ("app_pages/bell.py", "app_pages/smoothing.py", "app_pages/text.py",
                 "app_pages/digits.py", "app_pages/filter.py"):
        assert {"he", "hk"} <= set(keys_by_page[page]), page
    assert {"fr", "lf"} <= set(keys_by_page["app_pages/compare.py"])
    assert {"m", "f", "fr", "fp"} <= set(keys_by_page["app_pages/filter.py"])


# --- over the WebSocket, as a browser tab or the load client sends a link ----------------------

# The values that were not numbers, or not finite, or too big, or not ASCII.
OVER_THE_WIRE = ("nan", "-nan", "inf", "-inf", "1e309", "9" * 400, "१२३", "😀")


@pytest.fixture(scope="module")
def served():
    """The app served by `streamlit run` for this module (no browser needed)."""
    from browser_support import StreamlitServer

    with StreamlitServer(APP, ROOT) as server:
        yield server


def test_homes_g_nan_over_the_websocket_runs_without_an_exception(served):
    from websocket_reader import run_page

    for query in ("g=nan", "g=-nan", "gen=nan&g=-nan"):
        run = run_page(served.port, "", query)  # "" is Home, as a tab opening / sends it
        assert run.finished == "FINISHED_SUCCESSFULLY" and run.exceptions == [], (query, run)
    assert "could not be used" in run.warnings[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_knob_over_the_websocket_gives_a_notice(served, keys_by_page, page):
    from websocket_reader import run_page

    path = "" if page.endswith("home.py") else Path(page).stem
    keys = keys_by_page[page]
    for value in OVER_THE_WIRE:
        run = run_page(served.port, path, urlencode(dict.fromkeys(keys, value)))
        assert run.finished == "FINISHED_SUCCESSFULLY" and run.exceptions == [], (value, run)
        assert not keys or "could not be used" in "\n".join(run.warnings), (value, run)


def _in_page_order(node):
    """The main area's elements and blocks, in the order a reader meets them."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _in_page_order(child)


@pytest.mark.parametrize("present", ["2", "1"])
def test_a_links_unusable_values_are_told_in_one_box_under_the_pages_first_lines(app, present):
    # Values the page reads in different places (present mode before the page, the settings,
    # the view) are told together, above the chart and the settings, not in boxes far apart.
    at = app(page="app_pages/bell.py",
             query={"t": "inf", "n": "-3", "r": "99999", "seed": "abc", "v": "<script>",
                    "present": present})
    assert_no_exception(at)
    boxes = [w for w in at.main.warning if "could not be used" in w.value]
    assert len(boxes) == 1, [w.value for w in boxes]
    for label in ("Temperature", "Sample size", "Runs", "Seed", "View"):
        assert f"**{label}**" in boxes[0].value, boxes[0].value
    assert ("**Present**" in boxes[0].value) == (present == "2")
    order = list(_in_page_order(at.main))
    first_chart = next(i for i, e in enumerate(order) if getattr(e, "type", "") == "plotly_chart")
    assert order.index(boxes[0]) < first_chart


@pytest.mark.parametrize("page", page_files())
def test_every_page_tells_a_links_unusable_values(app, page):
    # Present mode is read before the page runs: its notice waits for the page's box, which
    # every page must make (else the notice would be lost).
    at = app(page=page, query={"present": "2"})
    assert_no_exception(at)
    boxes = [w.value for w in at.main.warning if "could not be used" in w.value]
    assert len(boxes) == 1 and "**Present**" in boxes[0], boxes
