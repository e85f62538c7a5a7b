"""The app's own few style rules, on every page."""

from __future__ import annotations

import streamlit as st

from ui.chart_preload import preload
from ui.i18n import _
from ui.language import document_language

# The first screen is the chart's: a smaller title, tiles and counter, and less room above them
# than Streamlit gives. The sidebar holds the pages and the language; closed (as on a phone), its
# only way in is an arrow button: the rules name that button, in the reader's language. On a
# phone, two headline tiles share a line, each half of it (so the second line's tiles stand
# under the first's), their labels wrapping rather than cut short, and the player's counter and
# buttons share one line (without their icons, and without the room Streamlit keeps for an icon
# beside a button's label). About's lesson link to Home, a markdown link (see its
# show_lesson_link), is drawn like the page links beside it.
_RULES = """<style>
.stMainBlockContainer {{ padding-top: 3.5rem; }}
[data-testid="stMain"] h1 {{ font-size: 2.1rem; padding: 0.2rem 0; }}
[data-testid="stMain"] h2 {{ font-size: 1.75rem; }}
[data-testid="stMetricValue"] {{ font-size: 1.8rem; }}
[data-testid="stExpandSidebarButton"] {{ width: auto; padding: 0 0.6rem; gap: 0.3rem; }}
[data-testid="stExpandSidebarButton"]::after {{ content: "{label}"; font-size: 0.95rem;
  font-weight: 600; white-space: nowrap; }}
@media (max-width: 640px) {{
  [data-testid="stMain"] h1 {{ font-size: 1.6rem; }}
  [data-testid="stMain"] h2 {{ font-size: 1.35rem; }}
  .st-key-player {{ gap: 0.35rem; }}
  .st-key-player button {{ padding: 0.25rem 0.55rem; }}
  .st-key-player button span:has(> [data-testid="stIconMaterial"]) {{ display: none; }}
  .st-key-player [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
  [data-testid="stElementContainer"]:has(> [data-testid="stMetric"]) {{
    max-width: calc(50% - 1.1rem); }}
  :not(.st-key-player) > [data-testid="stElementContainer"]:has(> [data-testid="stMetric"]) {{
    flex-basis: calc(50% - 1.1rem); }}
  [data-testid="stMetricLabel"] p {{ white-space: normal; overflow: visible; }}
}}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{ color: {caption};
  opacity: 1; }}
.st-key-lesson-home [data-testid="stMarkdownContainer"] {{ margin-bottom: 0; }}
.st-key-lesson-home p {{ font-size: 0.875rem; line-height: 28px; margin: 0; padding: 2px 0.5rem; }}
.st-key-lesson-home a {{ color: inherit; text-decoration: none; }}
.st-key-lesson-home a:hover {{ text-decoration: underline; }}
.st-key-lesson-home [role="img"] {{ font-size: 1.125rem; margin-right: 0.3rem;
  vertical-align: middle; }}
</style>"""
# WCAG 2.1 AA contrast (4.5:1, checked by axe-core in the browser tests). Captions: Streamlit's
# grey is 3.9:1 on white and 4.2:1 on the dark theme's background; these greys pass in each
# theme with room to spare. The dark theme's primary colour is light, so its buttons take dark
# text.
CAPTION = {"light": "#5c5b58", "dark": "#b8b7b4"}
# The player's buttons keep their places while it plays: the counter's digits are all one width
# and the counter is as wide as its widest value, the primary button as wide as its widest label
# (each laid over the shown text in one grid cell, unseen).
_PLAYER_RULES = """<style>
.st-key-player [data-testid="stMetricValue"] {{ display: grid;
  font-variant-numeric: tabular-nums; }}
.st-key-player [data-testid="stMetricValue"] > *,
.st-key-player [data-testid="stMetricValue"]::after {{ grid-area: 1 / 1; }}
.st-key-player [data-testid="stMetricValue"]::after {{ content: {counter}; visibility: hidden;
  white-space: inherit; }}
.st-key-player [data-testid="stBaseButton-primary"] [data-testid="stMarkdownContainer"] {{
  display: grid; justify-items: center; }}
.st-key-player [data-testid="stBaseButton-primary"] [data-testid="stMarkdownContainer"] > *,
.st-key-player [data-testid="stBaseButton-primary"] [data-testid="stMarkdownContainer"]::before,
.st-key-player [data-testid="stBaseButton-primary"] [data-testid="stMarkdownContainer"]::after {{
  grid-area: 1 / 1; }}
.st-key-player [data-testid="stBaseButton-primary"] [data-testid="stMarkdownContainer"]::before {{
  content: {first}; visibility: hidden; }}
.st-key-player [data-testid="stBaseButton-primary"] [data-testid="stMarkdownContainer"]::after {{
  content: {second}; visibility: hidden; }}
</style>"""
_DARK_RULES = """<style>
[data-testid="stBaseButton-primary"], [data-testid="stBaseButton-primary"] p {
  color: #0e1117; }
</style>"""


def _css_string(text: str) -> str:
    """`text` as a quoted CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def player_style(widest_counter: str, labels: tuple[str, str]) -> None:
    """Keep the player's buttons in place: the counter as wide as `widest_counter`, the primary
    button as wide as the wider of its two `labels` (Play and Pause). Style only: no room."""
    first, second = map(_css_string, labels)
    st.html(_PLAYER_RULES.format(counter=_css_string(widest_counter), first=first,
                                 second=second))


def page_style(where, leads_with_a_chart: bool) -> None:
    """Put the style rules and the page's language (and, on a page that `leads_with_a_chart`,
    the start of loading the chart code) in one element that takes no room (each element is a
    message to the browser on every run), `where`: the sidebar, or a placeholder in it."""
    dark = st.context.theme.type == "dark"
    rules = _RULES.format(label=_("Pages and language"),
                          caption=CAPTION["dark" if dark else "light"])
    where.html(rules + (_DARK_RULES if dark else "") + document_language()
               + (preload() if leads_with_a_chart else ""), unsafe_allow_javascript=True)
