"""The row of headline numbers above a result."""

from __future__ import annotations

import streamlit as st


class TileRow:
    """st.metric tiles side by side, each as wide as its text: one line on a wide screen,
    wrapped two to a line on a phone (st.columns would stack them one per line there, and
    equal columns cut long values short)."""

    def __init__(self):
        self._row = st.container(horizontal=True, gap="medium")

    def tile(self, *args, **kwargs) -> None:
        """One tile: st.metric's arguments."""
        self._row.metric(*args, width="content", **kwargs)
