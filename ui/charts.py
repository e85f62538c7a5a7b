"""How every chart is put on a page: built once per result and theme, shown with alt text."""

from __future__ import annotations

import base64
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui.figures import PRESENT_HEIGHT, themed
from ui.i18n import language
from ui.present import presenting

# Typed arrays plotly.js decodes natively (its "bdata" format), by numpy kind.
_TYPED = {"f": "<f8", "i": "<i4", "u": "<u4", "b": "u1"}


def encoded(spec):
    """The spec with every numeric numpy array as a base64 typed array, as plotly.py sends."""
    if isinstance(spec, dict):
        return {key: encoded(value) for key, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [encoded(value) for value in spec]
    if isinstance(spec, np.ndarray):
        if spec.dtype == np.float32:
            dtype = "<f4"
        elif spec.dtype.kind in _TYPED:
            dtype = _TYPED[spec.dtype.kind]
        else:
            return spec.tolist()
        array = np.ascontiguousarray(spec, dtype=dtype)
        typed = {"dtype": dtype.lstrip("<"), "bdata": base64.b64encode(array).decode("ascii")}
        return typed if array.ndim == 1 else dict(typed, shape=",".join(map(str, array.shape)))
    if isinstance(spec, np.generic):
        return spec.item()
    return spec


class _Finished(go.Figure):
    """A finished, encoded spec that st.plotly_chart sends as it is.

    st.plotly_chart rebuilds a dict through plotly.graph_objects to validate it, on every
    rerun; a Figure it trusts, and only asks for to_dict(). This one skips go.Figure's own
    (validating) constructor on purpose: it is nothing but its spec.
    """

    def __init__(self, spec: dict):  # no super().__init__(): see the docstring
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


@st.cache_resource(max_entries=256, show_spinner=False)
def _built(name: str, look: tuple[bool, int, str], key, _builder: Callable[..., dict],
           _args: tuple, _kwargs: dict) -> dict:
    """A themed, encoded spec, built once for this key and this look (dark theme, present
    mode's height, language) and shared read-only by every reader. The builder is known by
    its name (functions cannot be hashed); its text is translated into the look's language,
    which is the session's."""
    dark, present_height, _language = look
    return encoded(themed(_builder(*_args, **_kwargs), dark, present_height))


def show(figure: dict | Callable[..., dict], *args, alt: str,
         present_height: int = PRESENT_HEIGHT, key=None, **kwargs) -> None:
    """Draw a figure spec (or the cached result of `figure(*args, **kwargs)`, cached by its
    arguments, or by `key` where they are costly to hash) in the reader's theme,
    `present_height` tall in present mode."""
    look = (st.context.theme.type == "dark", present_height if presenting() else 0,
            language())
    if callable(figure):
        name = f"{figure.__module__}.{figure.__qualname__}"
        # By keyword: Streamlit looks up a positional argument's name in the function's
        # signature, anew for each argument on every call (a few ms a page).
        spec = _built(name=name, look=look, key=(args, kwargs) if key is None else key,
                      _builder=figure, _args=args, _kwargs=kwargs)
    else:
        spec = encoded(themed(figure, *look[:2]))
    # Our own theme: Streamlit's would shrink the text below what a projector needs.
    st.plotly_chart(_Finished(spec), width="stretch", alt=alt, theme=None,
                    config={"displayModeBar": False})
