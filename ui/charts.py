"""How every chart is put on a page: our theme, alt text, no toolbar."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui.figures import themed


def show(fig: go.Figure, alt: str) -> None:
    """Draw a figure in the reader's light or dark theme, with alt text for screen readers."""
    # Our own theme: Streamlit's would shrink the text below what a projector needs.
    themed(fig, dark=st.context.theme.type == "dark")
    st.plotly_chart(fig, width="stretch", alt=alt, theme=None, config={"displayModeBar": False})
