"""Fetching the chart code early: the reader's browser starts on plotly.js with the page's first
elements instead of once the first chart arrives."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

# Streamlit's front end fetches plotly.js (a 4.7 MB script, plus its start-up work) only when
# a chart arrives, and a page's first chart arrives last, after its computation: on a fresh
# server a second or more. Importing the very module the front end imports (same URL, so one
# module) lets the browser fetch and start it meanwhile. Its URL is relative to Streamlit's
# own main script, wherever the app is served.
_SCRIPT = """<script type="module">
const main = document.querySelector('script[type="module"][src*="static/js/index."]');
if (main) import(new URL("{chunk}", main.src).href).catch(() => {{}});
</script>"""


@functools.cache
def _plotly_chunk() -> str | None:
    """The file name of the front end's plotly chunk (None if this Streamlit has not one)."""
    scripts = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(path.name for path in scripts.glob("PlotlyChart.*.js"))
    return found[0] if len(found) == 1 else None


def preload_charts() -> None:
    """Have the browser fetch the chart code now (in Streamlit's event container: the page's
    layout does not change)."""
    if chunk := _plotly_chunk():
        st._event.html(_SCRIPT.format(chunk=chunk), unsafe_allow_javascript=True)
