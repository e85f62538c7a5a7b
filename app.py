"""AI Entropy Lab: the entry point only routes to the pages (each page imports what it needs)."""

import streamlit as st

from ui.memory import freeze_after_first_run

st.set_page_config(page_title="AI Entropy Lab", page_icon="🧪", layout="wide")

pages = [
    st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("app_pages/bell.py", title="Bell curves & mixtures",
            icon=":material/bar_chart:", url_path="bell"),
    st.Page("app_pages/smoothing.py", title="Smoothing (KDE)", icon=":material/blur_on:",
            url_path="smoothing"),
    st.Page("app_pages/text.py", title="Text (Markov chain)", icon=":material/menu_book:",
            url_path="text"),
    st.Page("app_pages/compare.py", title="Compare strategies", icon=":material/compare_arrows:",
            url_path="compare"),
    st.Page("app_pages/phase.py", title="How much human data?", icon=":material/grid_on:",
            url_path="phase"),
    st.Page("app_pages/digits.py", title="Handwritten digits", icon=":material/draw:",
            url_path="digits"),
    st.Page("app_pages/about.py", title="About", icon=":material/info:", url_path="about"),
]
page = st.navigation(pages)
page.run()
freeze_after_first_run(page.url_path)
