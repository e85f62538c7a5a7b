"""A page's views, one at a time: a row of buttons (which wraps onto a second line on a phone
rather than hiding views behind a scroll) picks the one drawn, and the address keeps it.

Drawing one chart per rerun is what keeps a slider quick in the browser: each plotly chart
costs the browser about as much as all of Streamlit's own work for a rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import link
from ui.i18n import N_, _, labelled_widget
from ui.knobs import Knob

VIEW_KEY = "v"


def show_views(views: dict[str, Callable[[], None]], labels: dict[str, str] | None = None
               ) -> str:
    """Buttons named by `views`' keys (English messages, shown translated, or shown as
    `labels` says); draws only the chosen view and returns its key. A link holds the key."""
    names = tuple(views)
    shown = tuple((labels or {}).get(name, name) for name in names)
    knob = Knob(VIEW_KEY, N_("View"), N_("Which chart the page shows."), names[0],
                widget="tabs", options=names, labels=shown)
    bad = link.start([knob])
    if st.session_state.get(VIEW_KEY) not in names:  # a view this setting no longer has
        st.session_state[VIEW_KEY] = names[0]
    notice = st.empty()  # above the buttons, although it is known only once they exist
    name = st.segmented_control(_(knob.label), names, key=labelled_widget(VIEW_KEY),
                                format_func=knob.describe,
                                required=True, wrap=True, label_visibility="collapsed",
                                width="stretch")
    with notice.container():
        link.report([knob], bad, {VIEW_KEY: name})
    link.write([knob], {VIEW_KEY: name})
    views[name]()
    return name
