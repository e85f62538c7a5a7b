"""How every chart is put on a page: built once per result and theme, shown with alt text."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from ui.figures import themed


@st.cache_resource(max_entries=256, show_spinner=False)
def _built(name: str, dark: bool, args: tuple, kwargs: dict,
           _builder: Callable[..., go.Figure]) -> go.Figure:
    """A themed figure, built once for these arguments and shared read-only by every reader.

    cache_resource, not cache_data: a plotly figure takes longer to unpickle than to build.
    The builder is known by its name (functions cannot be hashed).
    """
    return themed(_builder(*args, **kwargs), dark)


def show(figure: go.Figure | Callable[..., go.Figure], *args, alt: str, **kwargs) -> None:
    """Draw a figure (or the cached result of `figure(*args, **kwargs)`) in the reader's theme."""
    dark = st.context.theme.type == "dark"
    if callable(figure) and not isinstance(figure, go.Figure):
        name = f"{figure.__module__}.{figure.__qualname__}"
        fig = _built(name, dark, args, kwargs, _builder=figure)
    else:
        # Our own theme: Streamlit's would shrink the text below what a projector needs.
        fig = themed(figure, dark)
    st.plotly_chart(fig, width="stretch", alt=alt, theme=None, config={"displayModeBar": False})
