"""A page's views as tabs: only the open tab is drawn, and which one is open is in the address.

Drawing one chart per rerun is what keeps a slider quick in the browser: each plotly chart
costs the browser about as much as all of Streamlit's own work for a rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import link
from ui.i18n import N_, _, every_translation
from ui.knobs import Knob

VIEW_KEY = "v"


def show_views(views: dict[str, Callable[[], None]]) -> str:
    """Tabs named by `views`' keys (English messages); draws only the open tab's view and
    returns its key. A link holds the English name."""
    names = tuple(views)
    knob = Knob(VIEW_KEY, N_("View"), N_("Which chart the page shows."), names[0],
                widget="tabs", options=names, labels=names)
    bad = link.start([knob])
    shown = {_(name): name for name in names}
    # The tabs hold the label in the reader's language: a link's name, a label of the other
    # language, or a view this setting no longer has (the first opens) becomes one of them.
    current = st.session_state.get(VIEW_KEY)
    if current not in shown:
        name = next((n for n in names if current in every_translation(n)), names[0])
        st.session_state[VIEW_KEY] = _(name)
    notice = st.empty()  # above the tabs, although it is known only once they exist
    tabs = st.tabs(list(shown), key=VIEW_KEY, on_change="rerun")
    label, tab = next((label, tab) for label, tab in zip(shown, tabs, strict=True) if tab.open)
    name = shown[label]
    with notice.container():
        link.report([knob], bad, {VIEW_KEY: name})
    link.write([knob], {VIEW_KEY: name})
    with tab:
        views[name]()
    return name
