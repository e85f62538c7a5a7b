"""The page's address holds the whole view: it is read when a page opens and rewritten as the
reader moves things, so a copied link opens exactly what its sharer saw.

The app reads and writes the address itself instead of letting Streamlit bind widgets to it:
a bound widget parses a link's raw text on its own (`?seed=inf` raised inside Streamlit) and
writes the label the reader sees (which would make links depend on the language).
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.i18n import _
from ui.knobs import Knob

_OPENED = "_link_opened"  # True on the run that opens a page
_PAGE = "_link_page"
# Every knob's value as the last run wrote it into the address, and whether this run was asked
# for from inside a fragment (`rerun_page`), which must start from them.
_WRITTEN, _FROM_FRAGMENT = "_link_written", "_link_from_fragment"
_REDRAWN = "_link_redrawn"  # whether this run is the page redrawing itself (`rerun_page`)
_BAD = "_link_bad"  # the opening link's texts that could not be used, while the page redraws
# itself (a page that fills in reruns itself at once: its notice would be gone before anyone
# read it), until the reader moves something
_NOTICES = "_link_notices"  # this run's lines about unusable values, and the box they go in


def open_page(page: str) -> None:
    """Before each run of a page (app.py): note whether this run opens it, from a link,
    another page or the browser's back and forward buttons; a run that `rerun_page` asked for
    starts every knob where the last run left it."""
    history = bool(getattr(get_script_run_ctx(), "is_history_navigation", False))
    st.session_state[_OPENED] = history or st.session_state.get(_PAGE) != page
    st.session_state[_PAGE] = page
    st.session_state[_NOTICES] = {"lines": [], "slot": None}
    st.session_state[_REDRAWN] = st.session_state.pop(_FROM_FRAGMENT, False)
    if st.session_state[_REDRAWN]:
        st.session_state.update(st.session_state.get(_WRITTEN, {}))
    else:
        st.session_state.pop(_BAD, None)


def rerun_page() -> None:
    """Rerun the whole page from inside a fragment (a page that fills in, Play and Pause),
    keeping every knob as it is. Streamlit starts such a run from the widget values the browser
    sent for the fragment, which now and then are the widgets' defaults for those outside it:
    measured in a browser, 1 of 12 fresh lesson links lost its seed and human share this way."""
    st.session_state[_FROM_FRAGMENT] = True
    st.rerun(scope="app")


def page_opened() -> bool:
    """Whether this run opened the page (so the link decides what it shows)."""
    return bool(st.session_state.get(_OPENED, True))


def read(knobs: list[Knob]) -> tuple[dict[str, Any], dict[str, str]]:
    """On the run that opens the page: every knob's value from the link (its default where the
    link says nothing or cannot be used) and the texts that could not be used; on the runs
    where the page redraws itself, no values and the same texts; else nothing."""
    if not page_opened():
        kept = st.session_state.get(_BAD, {}) if st.session_state.get(_REDRAWN) else {}
        return {}, {knob.key: kept[knob.key] for knob in knobs if knob.key in kept}
    values, bad = {}, {}
    for knob in knobs:
        texts = st.query_params.get_all(knob.key)
        values[knob.key] = knob.default
        if texts:
            try:
                values[knob.key] = knob.parse(texts[-1])
            except ValueError:
                bad[knob.key] = texts[-1]
    st.session_state.setdefault(_BAD, {}).update(bad)
    return values, bad


def start(knobs: list[Knob]) -> dict[str, str]:
    """On the run that opens the page, start the knobs' widgets where the link says; returns
    the texts that could not be used."""
    values, bad = read(knobs)
    st.session_state.update(values)
    return bad


def write(knobs: list[Knob], values: dict[str, Any]) -> None:
    """Put the knobs' values into the address (defaults left out), in one update."""
    st.session_state.setdefault(_WRITTEN, {}).update(
        {knob.key: values[knob.key] for knob in knobs})
    current = st.query_params.to_dict()
    wanted = dict(current)
    for knob in knobs:
        if values[knob.key] == knob.default and not knob.always_in_link:
            wanted.pop(knob.key, None)
        else:
            wanted[knob.key] = knob.link_text(values[knob.key])
    if wanted != current:
        st.query_params.from_dict(wanted)


def report(knobs: list[Knob], bad: dict[str, str], used: dict[str, Any]) -> None:
    """A visible notice for each value of the link that could not be used, saying what is used
    instead: all of a run's in one box, at the page's notice_slot (until the page makes it,
    kept for it)."""
    lines = [
        _("- **{label}**: the link said “{text}”, which is not a valid value, so {value} is "
          "used.").format(label=_(k.label), text=_printable(bad[k.key]),
                          value=k.describe(used[k.key]))
        for k in knobs if k.key in bad
    ]
    notices = st.session_state.setdefault(_NOTICES, {"lines": [], "slot": None})
    notices["lines"] += lines
    if lines and notices["slot"] is not None:
        _draw(notices)


def notice_slot() -> None:
    """Where this run's notices about the link go, in one box (a page makes it under its first
    lines, so that a reader sees it at once); those reported already are drawn in it now."""
    notices = st.session_state[_NOTICES]
    notices["slot"] = st.empty()
    if notices["lines"]:
        _draw(notices)


def _draw(notices: dict) -> None:
    notices["slot"].warning(_("Some settings in this link could not be used:") + "\n"
                            + "\n".join(notices["lines"]), icon=":material/link:")


def _printable(text: str) -> str:
    """A link's text made safe to show inside markdown: short, letters, digits and .-+ only,
    any other character shown as the replacement character U+FFFD (a "?" would seem to be
    what the link said)."""
    return re.sub(r"[^\w.+\- ]", "\ufffd", text[:40])
