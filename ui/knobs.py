"""Controls bound to the page's address: each knob is one widget under one short, stable key."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.i18n import _, every_translation, labelled_widget

# A number as a link writes it: ASCII digits only (no '१२३', '0x1F', '1_000' or spaces).
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_LONGEST_NUMBER = 32


@dataclass(frozen=True)
class Knob:
    """A widget whose value lives in the address under `key` (shared links depend on it).

    `label`, `help` and `labels` are English messages, translated when drawn. A link holds a
    choice as its option (language-free); the labels a reader saw in either language, which
    older links hold, are accepted too.
    """

    key: str
    label: str
    help: str
    default: Any
    # slider | select_slider | selectbox | radio | number | toggle | tabs (ui.view_picker)
    widget: str = "slider"
    options: tuple = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None
    format: str | None = None
    labels: tuple = ()  # what the reader sees for each option, when it differs
    # In the link even at its default: for a default that depends on the reader (language).
    always_in_link: bool = False
    # Labels of earlier versions (English messages) and the options they stand for: older
    # links that hold them still open.
    former: tuple[tuple[str, Any], ...] = ()

    def render(self, where=st, kept: bool = False) -> Any:
        """Draw the widget in `where` (st, st.sidebar or a container) and return its value;
        `kept`: Streamlit keeps its value through runs that do not draw it (a closed fold)."""
        common = dict(key=self.key, help=_(self.help), persist_state="session" if kept else None)
        label = _(self.label)
        if self.widget == "slider":
            return where.slider(label, self.low, self.high, self.default, self.step,
                                format=self.format, **common)
        if self.widget == "number":
            return where.number_input(label, self.low, self.high, self.default, self.step,
                                      **common)
        if self.widget == "toggle":  # options (False, True): a link holds 0 or 1
            return where.toggle(label, self.default, **common)
        if self.labels:
            labelled_widget(self.key)
        if self.widget == "select_slider":
            return where.select_slider(label, self.options, self.default,
                                       format_func=self.describe, **common)
        draw = where.radio if self.widget == "radio" else where.selectbox
        extra = {"horizontal": True} if self.widget == "radio" else {}
        return draw(label, self.options, self.options.index(self.default),
                    format_func=self.describe, **extra, **common)

    def parse(self, text: str) -> Any:
        """The value a link's text stands for; ValueError if it is not one this knob takes."""
        if self.options:
            for option, label in zip(self.options, self.labels or self.options, strict=True):
                if text in (str(option), self.link_text(option)) or text in every_translation(
                        str(label)):
                    return option
            for label, option in self.former:
                if text in every_translation(label):
                    return option
            raise ValueError(f"not an option of {self.key}")
        if len(text) > _LONGEST_NUMBER or not _NUMBER.fullmatch(text):
            raise ValueError(f"not a number: {self.key}")
        value = float(text)
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise ValueError(f"out of range: {self.key}")
        if isinstance(self.default, int):
            if not value.is_integer():
                raise ValueError(f"not a whole number: {self.key}")
            return int(value)
        return value

    def link_text(self, value: Any) -> str:
        """How a link writes a value: the option itself, or the number (1 or 0 for a switch)."""
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def describe(self, value: Any) -> str:
        """A value as the reader sees it, in the reader's language."""
        if self.labels and value in self.options:
            return _(self.labels[self.options.index(value)])
        if isinstance(value, bool):  # a switch
            return _("on") if value else _("off")
        if self.format and isinstance(value, int | float):  # as its slider writes it: "95%"
            return self.format % value
        return str(value)


def set_knobs(values: dict[str, Any]) -> None:
    """Callback: move knobs to these values (the address follows)."""
    for key, value in values.items():
        st.session_state[key] = value
