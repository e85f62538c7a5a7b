"""A page's title and introduction, with the present-mode switch on experiment pages."""

from __future__ import annotations

import streamlit as st

from ui.i18n import _
from ui.present import present_toggle, presenting, presets_popover


def page_header(title: str, intro: str):
    """The title, the present switch and, outside present mode, the introduction (English
    messages). In present mode, returns the popover that holds the presets; else None."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    if presenting():
        row.subheader(_(title), anchor=False)
    else:
        row.title(_(title), anchor=False)
    popover = presets_popover(row) if presenting() else None
    if not present_toggle(row):
        st.markdown(_(intro))
    return popover
