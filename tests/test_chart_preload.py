"""Fetching the chart code early: every page has the browser import the very plotly module that
Streamlit's front end imports for a chart, before anything else on the page."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st
from conftest import assert_no_exception

FRONT_END = Path(st.__file__).parent / "static" / "static" / "js"


def test_every_page_starts_fetching_the_front_ends_own_chart_module(app):
    at = app()
    assert_no_exception(at)
    scripts = [h.proto for h in at.get("html") if "main.src" in h.proto.body]
    assert len(scripts) == 1 and scripts[0].unsafe_allow_javascript
    chunk = re.search(r'new URL\("([^"]+)", main\.src\)', scripts[0].body).group(1)
    assert (FRONT_END / chunk).is_file()
    # The same file (so the same module) as the front end's own import of its chart.
    main = next(FRONT_END.glob("index.*.js")).read_text(encoding="utf-8")
    assert f'"./{chunk}"' in main or f"'./{chunk}'" in main or f"`./{chunk}`" in main
    # In the event container (the page's layout has no empty line for it), ahead of the rest.
    first = next(iter(at._tree.children[2].children.values()))  # main, sidebar, event
    assert first.proto.body == scripts[0].body
