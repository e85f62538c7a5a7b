"""A page's first lines: a compact title, the present-mode switch on experiment pages, one plain
sentence; the page's longer introduction comes after its chart and settings."""

from __future__ import annotations

import streamlit as st

from ui import link
from ui.i18n import _
from ui.present import present_toggle, presenting, presets_popover

# Where this run drew the page's one sentence (None in present mode), so that a view whose chart
# is not the one the sentence describes can put its own there (replace_lead).
_LEAD_SLOT = "_lead_slot"


def page_header(title: str, lead: str, present: bool = True, presets: bool = True):
    """The title, the present switch (on experiment pages: `present`) and, outside present
    mode, one plain sentence (English messages), then the link's notices if any. In present
    mode, returns the popover that holds the presets (on a page that has `presets`); else
    None."""
    presenting_now = present and presenting()
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    if presenting_now:
        row.subheader(_(title), anchor=False)
    else:
        row.title(_(title), anchor=False)
    popover = presets_popover(row) if presenting_now and presets else None
    slot = None
    if not (present and present_toggle(row)):
        slot = st.empty()
        slot.markdown(_(lead))
    st.session_state[_LEAD_SLOT] = slot
    link.notice_slot()
    return popover


def replace_lead(sentence: str) -> None:
    """Show a view's own one sentence (an English message) in place of the page's, when the
    page drew one on this run."""
    slot = st.session_state.get(_LEAD_SLOT)
    if slot is not None:
        slot.markdown(_(sentence))


def page_story(intro: str) -> None:
    """The page's introduction (an English message), after its chart and settings; not in
    present mode."""
    if not presenting():
        st.subheader(_("What is going on"), anchor=False)
        st.markdown(_(intro))
