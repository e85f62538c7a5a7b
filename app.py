"""AI Entropy Lab: the entry point only routes to the pages (each page imports what it needs)."""

import sys

import streamlit as st

from ui.chart_preload import preload

# The sidebar's first element: the page's style (ui.style), and before it, on a new server's
# first page, the browser's chart code loading while the imports below take about 0.7 s
# (in a placeholder the style then takes: elsewhere, one message fewer).
first_element = st.sidebar
if "collapse_core" not in sys.modules:
    first_element = st.sidebar.empty()
    first_element.html(preload(), unsafe_allow_javascript=True)

from ui import link  # noqa: E402
from ui.i18n import _, keep_language  # noqa: E402
from ui.language import choose_language, language_switch  # noqa: E402
from ui.present import start_present_mode  # noqa: E402
from ui.serving.activity import script_running  # noqa: E402
from ui.serving.allocator import bound_allocator, hand_back_in_lulls  # noqa: E402
from ui.serving.memory import freeze_after_first_run  # noqa: E402
from ui.serving.warm import warm_up  # noqa: E402
from ui.style import page_style  # noqa: E402

bound_allocator()  # once per process, before the pages allocate
hand_back_in_lulls()  # freed memory goes back to the system whenever readers pause
st.set_page_config(page_title="AI Entropy Lab", page_icon="🧪", layout="wide")
choose_language()
keep_language()

pages = [
    st.Page("app_pages/home.py", title=_("Home"), icon=":material/home:", default=True),
    st.Page("app_pages/bell.py", title=_("Bell curves & mixtures"),
            icon=":material/bar_chart:", url_path="bell"),
    st.Page("app_pages/smoothing.py", title=_("Smoothing (KDE)"), icon=":material/blur_on:",
            url_path="smoothing"),
    st.Page("app_pages/text.py", title=_("Text (Markov chain)"), icon=":material/menu_book:",
            url_path="text"),
    st.Page("app_pages/compare.py", title=_("Compare strategies"),
            icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/filter.py", title=_("Can we filter it out?"),
            icon=":material/filter_alt:", url_path="filter"),
    st.Page("app_pages/phase.py", title=_("How much human data?"), icon=":material/grid_on:",
            url_path="phase"),
    st.Page("app_pages/digits.py", title=_("Handwritten digits"), icon=":material/draw:",
            url_path="digits"),
    st.Page("app_pages/hiring.py", title=_("Who gets left out?"), icon=":material/groups:",
            url_path="hiring"),
    st.Page("app_pages/neural.py", title=_("A tiny neural network"), icon=":material/hub:",
            url_path="neural"),
    st.Page("app_pages/about.py", title=_("About"), icon=":material/info:", url_path="about"),
]
# The pages whose first view is a chart (Digits leads with pictures, About with writing).
LEAD_WITH_A_CHART = {"", "bell", "smoothing", "text", "compare", "filter", "phase", "hiring",
                     "neural"}
page = st.navigation(pages)
with script_running():  # background work gives way while it runs
    link.open_page(page.url_path)
    start_present_mode()
    language_switch()
    page_style(first_element, leads_with_a_chart=page.url_path in LEAD_WITH_A_CHART)
    page.run()
freeze_after_first_run(page.url_path)
warm_up()  # once the first page is drawn: what the other pages load once
