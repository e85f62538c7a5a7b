"""AppTest of the router: app.py renders, and so does every page it routes to, with defaults.

Pages are read from app.py's st.Page entries, so a page added there is covered here at once.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, assert_no_exception, page_files, page_text, switch_to

PAGES = page_files()


def test_app_routes_to_the_page_files():
    assert len(PAGES) >= 5
    assert len(set(PAGES)) == len(PAGES)
    for page in PAGES:
        assert (ROOT / page).is_file(), f"app.py routes to {page}, which does not exist"


def test_app_renders_its_default_page(app):
    at = app()
    assert_no_exception(at)
    assert page_text(at).strip(), "the default page shows nothing"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_defaults(app, page):
    at = app(page=page)
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert page_text(at).strip(), f"{page} shows nothing"


def first_content(node) -> str | None:
    """The type of the first chart or picture under `node` (None: writing only)."""
    for child in node.children.values() if isinstance(getattr(node, "children", None),
                                                      dict) else ():
        kind = getattr(child, "type", "")
        if kind in ("plotly_chart", "image", "imgs"):
            return kind
        if (found := first_content(child)) is not None:
            return found
    return None


@pytest.mark.parametrize("page", PAGES)
def test_a_page_that_leads_with_a_chart_starts_loading_the_chart_code_as_it_opens(app, page):
    at = app(page=page)
    preloads = ["PlotlyChart." in html.proto.body for html in at.sidebar.get("html")]
    assert preloads.count(True) == (first_content(at.main) == "plotly_chart"), (
        page, first_content(at.main), preloads)


def test_pages_render_one_after_another_in_one_session(app):
    at = app()
    for page in PAGES:
        switch_to(at, page)
        assert_no_exception(at)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_opened_in_present_mode_runs_again_without_error(app, page):
    # The link keeps present=1 while the reader clicks: every later run of the page must
    # keep present mode, not read the link again (it once raised KeyError: 'present').
    at = app(page=page, query={"present": "1"})
    assert_no_exception(at)
    at.run()
    assert_no_exception(at)
    assert at.session_state["_present"]


@pytest.mark.parametrize(("language", "off"), [("en", "so off is used"), ("zh", "因此改用“关”")])
def test_a_bad_present_value_is_reported_in_words_not_as_a_python_value(app, language, off):
    at = app(page="app_pages/bell.py", query={"present": "2", "lang": language})
    assert_no_exception(at)
    assert [w.value for w in at.warning if off in w.value], [w.value for w in at.warning]
    assert "False" not in " ".join(w.value for w in at.warning)


@pytest.mark.parametrize(("page", "query", "fallback"), [
    ("app_pages/filter.py", {"h": "nan"}, "so 95% is used"),
    ("app_pages/bell.py", {"t": "inf"}, "so 1.00 is used"),
])
def test_a_bad_values_fallback_is_told_as_its_slider_writes_it(app, page, query, fallback):
    # A share's slider reads "95%": the notice says the same, not a bare "95".
    notices = " ".join(w.value for w in app(page=page, query=query).warning)
    assert fallback in notices, notices


def test_a_character_a_notice_cannot_show_is_marked_not_turned_into_a_question_mark(app):
    notices = " ".join(w.value for w in app(page="app_pages/bell.py",
                                              query={"g": "5\x07*"}).warning)
    assert "the link said “5\ufffd\ufffd”" in notices, notices
