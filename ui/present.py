"""Present mode (`present=1` in the link): a projector's first screen holds the player, its
counter and controls, the chart in large type and its sentence; the sidebar starts collapsed
and the presets sit in a popover beside the title."""

from __future__ import annotations

import streamlit as st

from ui import link
from ui.i18n import N_, _
from ui.knobs import Knob

PRESENT = Knob("present", N_("Present"), N_("A projector's view: the chart, a large generation "
               "counter and the player's controls on one screen, in large type. The link keeps "
               "it, so you can share it with your class."), False, widget="toggle",
               options=(False, True))
# Less padding above the page, larger text: what a 1366 x 768 projector needs to show it all
# (but for a slider's value, which would grow down over its thumb).
# On a phone the player's large counter takes a line of its own (the buttons go under it)
# and wraps if it must, rather than end in '…'.
_STYLE = """<style>
.stMainBlockContainer { padding-top: 4rem; padding-bottom: 1rem; }
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.3rem; }
.stMainBlockContainer [data-testid="stSliderThumbValue"] p { font-size: inherit; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2.6rem; }
.st-key-player > :has([data-testid="stMetric"]) { flex-shrink: 0; max-width: 100% !important; }
.st-key-player [data-testid="stMetricValue"], .st-key-player [data-testid="stMetricValue"] * {
  white-space: normal; overflow: visible; text-overflow: clip; }
</style>"""


PRESETS_POPOVER = "fold-present"
_ON = "_present"  # kept across pages: a teacher moving to another page stays in present mode


def presenting() -> bool:
    """Whether the page is in present mode."""
    return bool(st.session_state.get(_ON, False))


def start_present_mode() -> None:
    """On the run that opens a page (app.py, after link.open_page): present mode if the link
    asks for it (or the reader was presenting on another page), with the sidebar collapsed."""
    values, bad = link.read([PRESENT])  # nothing on a run that does not open the page
    if PRESENT.key in values and st.query_params.get_all(PRESENT.key):
        st.session_state[_ON] = values[PRESENT.key]
    if bad:
        link.report([PRESENT], bad, {PRESENT.key: presenting()})
    if presenting():
        st.set_page_config(initial_sidebar_state="collapsed")


def _switched() -> None:
    """Callback: the reader flipped the switch."""
    st.session_state[_ON] = st.session_state[PRESENT.key]


def present_toggle(where) -> bool:
    """The switch (in `where`), written into the link; returns whether presenting."""
    st.session_state[PRESENT.key] = presenting()
    on = where.toggle(_(PRESENT.label), key=PRESENT.key, help=_(PRESENT.help),
                      on_change=_switched)
    link.write([PRESENT], {PRESENT.key: on})
    if on:
        st.html(_STYLE)
    return on


def presets_popover(where):
    """The popover that holds the presets (and the page's own choices) in present mode; its
    content is drawn only while it is open (`.open`, see ui.recursion_controls)."""
    return where.popover(_("Presets"), icon=":material/tune:", key=PRESETS_POPOVER,
                         on_change="rerun")
