"""Loading the browser's chart code as a page opens, on the pages that lead with a chart.

Streamlit's browser code for plotly charts (plotly.js inside: about 4.7 MB) is fetched only once
a chart arrives, and then evaluated for about a second. A chart arrives only after what its
script does before it: on a new server's first visit, its imports (about 0.7 s here).
Imported from the page's first element (ui.style), the chart code loads beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

# The chunk's file name; None if a Streamlit release names it otherwise (the page then loads it
# as Streamlit does).
_CHUNK = next((path.name for path in (Path(st.__file__).parent / "static" / "static" / "js").glob(
    "PlotlyChart.*.js")), None)
# Imported beside Streamlit's own entry script, so that it is the very module Streamlit imports
# later (the browser keeps one per address); a failure is left to Streamlit's own import.
_PRELOAD = ("<script>import(new URL({chunk}, document.querySelector("
            "'script[type=\"module\"][src*=\"/static/js/\"]').src).href).catch(() => {{}});"
            "</script>")


def preload() -> str:
    """The html that starts loading the browser's chart code (empty if it is not found)."""
    return _PRELOAD.format(chunk=json.dumps(_CHUNK)) if _CHUNK else ""
