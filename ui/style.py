"""The app's own few style rules, on every page."""

from __future__ import annotations

import streamlit as st

from ui.i18n import _

# The sidebar holds the pages, the settings and the presets; closed (as on a phone), its only
# way in is an arrow button: the first rules name that button, in the reader's language. On a
# phone, two headline tiles share a line, their labels wrapping rather than cut short.
_RULES = """<style>
[data-testid="stExpandSidebarButton"] {{ width: auto; padding: 0 0.6rem; gap: 0.3rem; }}
[data-testid="stExpandSidebarButton"]::after {{ content: "{label}"; font-size: 0.95rem;
  font-weight: 600; white-space: nowrap; }}
@media (max-width: 640px) {{
  [data-testid="stElementContainer"]:has(> [data-testid="stMetric"]) {{
    max-width: calc(50% - 1.1rem); }}
  [data-testid="stMetricLabel"] p {{ white-space: normal; overflow: visible; }}
}}
</style>"""


def page_style() -> None:
    """Add the style rules to the page."""
    st.html(_RULES.format(label=_("Settings, presets and pages")))
