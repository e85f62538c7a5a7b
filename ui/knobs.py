"""Controls bound to the URL: each knob is one widget, one short stable query key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class Knob:
    """A widget whose value lives in the URL under `key` (shared links depend on the key)."""

    key: str
    label: str
    help: str
    default: Any
    widget: str = "slider"  # slider | select_slider | selectbox | radio | number | tabs (ui.views)
    options: tuple = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None
    format: str | None = None
    labels: tuple = ()  # what the reader sees for each option, when it differs

    def render(self, where=st) -> Any:
        """Draw the widget in `where` (st, st.sidebar or a container) and return its value."""
        common = dict(key=self.key, help=self.help, bind="query-params")
        if self.widget == "slider":
            return where.slider(self.label, self.low, self.high, self.default, self.step,
                                format=self.format, **common)
        if self.widget == "number":
            return where.number_input(self.label, self.low, self.high, self.default, self.step,
                                      **common)
        shown = dict(zip(self.options, self.labels, strict=True)) if self.labels else {}
        format_func = shown.get if shown else str
        if self.widget == "select_slider":
            return where.select_slider(self.label, self.options, self.default,
                                       format_func=format_func, **common)
        draw = where.radio if self.widget == "radio" else where.selectbox
        extra = {"horizontal": True} if self.widget == "radio" else {}
        return draw(self.label, self.options, self.options.index(self.default),
                    format_func=format_func, **extra, **common)

    def accepts(self, text: str) -> bool:
        """Whether a URL value means exactly a value this knob can take.

        Streamlit writes a choice into the URL as the label the reader sees, so that is what
        a valid link holds.
        """
        if self.options:
            return text in {str(shown) for shown in (self.labels or self.options)}
        try:
            value = float(text)
        except ValueError:
            return False
        if isinstance(self.default, int) and value != int(value):
            return False
        return self.low <= value <= self.high

    def describe(self, value: Any) -> str:
        """A value as the reader sees it."""
        if self.labels and value in self.options:
            return self.labels[self.options.index(value)]
        return str(value)


def url_values(knobs: list[Knob]) -> dict[str, str]:
    """The raw URL values of these knobs, read before the widgets claim (and clean) them."""
    found = {}
    for knob in knobs:
        values = st.query_params.get_all(knob.key)
        if values:
            found[knob.key] = values[-1]
    return found


def report_bad_url_values(knobs: list[Knob], raw: dict[str, str], used: dict[str, Any]) -> None:
    """A visible notice for each URL value that was invalid, saying what is used instead."""
    bad = [k for k in knobs if k.key in raw and not k.accepts(raw[k.key])]
    if bad:
        lines = [
            f"- **{k.label}**: the link said “{_printable(raw[k.key])}”, which is not a valid "
            f"value, so {k.describe(used[k.key])} is used."
            for k in bad
        ]
        st.warning("Some settings in this link could not be used:\n" + "\n".join(lines),
                   icon=":material/link:")


def _printable(text: str) -> str:
    """A URL value made safe to show inside markdown: short, letters, digits and .-+ only."""
    return re.sub(r"[^\w.+\- ]", "?", text[:40])


def set_knobs(values: dict[str, Any]) -> None:
    """Callback: move knobs to these values (their URL parameters follow)."""
    for key, value in values.items():
        st.session_state[key] = value
