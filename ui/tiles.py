"""The row of headline numbers above a result."""

from __future__ import annotations

import re

import streamlit as st

from ui.i18n import _

_NONZERO_DIGIT = re.compile(r"[1-9]")


class TileRow:
    """st.metric tiles side by side, each as wide as its text: one line on a wide screen,
    wrapped two to a line on a phone (st.columns would stack them one per line there, and
    equal columns cut long values short)."""

    def __init__(self):
        self._row = st.container(horizontal=True, gap="medium")

    def tile(self, label: str, value: str, note: str | None = None, help: str | None = None
             ) -> None:
        """A tile with a plain note under its value (no arrow, no colour)."""
        self._row.metric(label, value, note, delta_color="off", delta_arrow="off", help=help,
                         width="content")

    def change(self, label: str, value: str, shown: str, better: str | None = None,
               help: str | None = None) -> None:
        """A tile whose note is a change since generation 0, as the reader reads it (`shown`,
        e.g. '+12%' or '-0.30'). Its arrow follows the sign; it is green or red only when
        `better` ("up" or "down") says which way is better; a change that reads as zero is
        "no change", with neither arrow nor colour."""
        if not _NONZERO_DIGIT.search(shown):
            self.tile(label, value, _("no change since gen 0"), help)
            return
        up = not shown.lstrip().startswith("-")
        # The colour is chosen here: Streamlit's "normal" and "inverse" read the sign from the
        # note's first character, which in Chinese is a word ("较第 0 代 -79%"), not the sign.
        colour = "off" if better is None else "green" if up == (better == "up") else "red"
        self._row.metric(label, value, _("{change} since gen 0").format(change=shown),
                         delta_color=colour, delta_arrow="up" if up else "down", help=help,
                         width="content")
