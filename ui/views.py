"""A page's views as tabs: only the open tab is drawn, and which one is open is in the URL.

Drawing one chart per rerun is what keeps a slider quick in the browser: each plotly chart
costs the browser about as much as all of Streamlit's own work for a rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.knobs import Knob, report_bad_url_values, url_values

VIEW_KEY = "v"
# Set once the session's first run has read its link: later runs only see views the page
# itself put in the URL (a view can vanish when a setting changes the page's tabs; the tabs
# then quietly open the first one).
_LINK_READ = "_views_link_read"


def show_views(views: dict[str, Callable[[], None]]) -> str:
    """Tabs named by `views`' keys; draws only the open tab's view and returns its name."""
    labels = tuple(views)
    knob = Knob(VIEW_KEY, "View", "Which chart the page shows.", labels[0], widget="tabs",
                options=labels)
    raw = url_values([knob]) if not st.session_state.get(_LINK_READ) else {}
    st.session_state[_LINK_READ] = True
    notice = st.empty()  # above the tabs, although it is known only once they exist
    tabs = st.tabs(labels, key=VIEW_KEY, bind="query-params")
    label, tab = next((label, tab) for label, tab in zip(labels, tabs, strict=True) if tab.open)
    with notice.container():
        report_bad_url_values([knob], raw, {VIEW_KEY: label})
    with tab:
        views[label]()
    return label
