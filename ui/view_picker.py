"""A page's views, one at a time: the chosen view is drawn first, and under it a row of at most
five buttons (which wraps onto a second line on a phone rather than hiding views behind a
scroll) picks another; the advanced measures sit behind one "More measures" button, which opens
a second row. The address keeps the view by its name (`v`), the same for a main view and a
measure, so links written before the measures were folded still open them.

Drawing one chart per rerun is what keeps a slider quick in the browser: each plotly chart
costs the browser about as much as all of Streamlit's own work for a rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import link
from ui.i18n import N_, _, labelled_widget
from ui.knobs import Knob
from ui.page_header import replace_lead

VIEW_KEY = "v"  # the view's name, in the session and in links
ROW_KEY, MORE_KEY = "_view_row", "_view_more"  # the two rows of buttons
MORE = N_("More measures")


def _picked(row_key: str, more: tuple[str, ...]) -> None:
    """Callback: a button of a row was pressed; "More measures" opens its first measure (or
    the one open before)."""
    name = st.session_state[row_key]
    if name == MORE:
        name = st.session_state.get(MORE_KEY) if st.session_state.get(MORE_KEY) in more \
            else more[0]
    st.session_state[VIEW_KEY] = name


def show_views(views: dict[str, Callable[[], None]],
               more: dict[str, Callable[[], None]] | None = None,
               labels: dict[str, str] | None = None, leads: dict[str, str] | None = None) -> str:
    """Draw the chosen view, then the buttons named by `views`' keys (English messages, shown
    translated, or shown as `labels` says) and, with `more`, a "More measures" button that
    opens a row of those measures. A view named in `leads` replaces the page's one sentence
    with its own (for a chart the page's sentence does not describe). Returns the name of the
    view drawn."""
    more = more or {}
    every = {**views, **more}
    names = tuple(every)
    shown = tuple((labels or {}).get(name, name) for name in names)
    knob = Knob(VIEW_KEY, N_("View"), N_("Which chart the page shows."), names[0],
                widget="tabs", options=names, labels=shown)
    bad = link.start([knob])
    name = st.session_state.get(VIEW_KEY)
    if name not in names:  # a view this setting no longer has
        name = names[0]
    st.session_state[VIEW_KEY] = name
    if name in (leads or {}):
        replace_lead(leads[name])
    link.report([knob], bad, {VIEW_KEY: name})  # above the view (nothing drawn if none)
    every[name]()  # the view first, the buttons under it
    row = (*views, MORE) if more else tuple(views)
    st.session_state[ROW_KEY] = name if name in views else MORE
    st.segmented_control(_(knob.label), row, key=labelled_widget(ROW_KEY),
                         format_func=lambda n: _(MORE) if n == MORE else knob.describe(n),
                         on_change=_picked, args=(ROW_KEY, tuple(more)),
                         required=True, wrap=True, label_visibility="collapsed",
                         width="stretch")
    if name in more:
        st.session_state[MORE_KEY] = name
        st.segmented_control(_(MORE), tuple(more), key=labelled_widget(MORE_KEY),
                             format_func=knob.describe, on_change=_picked,
                             args=(MORE_KEY, tuple(more)), required=True, wrap=True,
                             width="stretch")
    link.write([knob], {VIEW_KEY: name})
    return name
