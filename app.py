"""AI Entropy Lab: the entry point only routes to the pages (each page imports what it needs)."""

import streamlit as st

st.set_page_config(page_title="AI Entropy Lab", page_icon="🧪", layout="wide")

pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/bell_curves.py", title="Bell curves & mixtures",
            icon=":material/bar_chart:", url_path="bell"),
    st.Page("pages/smoothing.py", title="Smoothing (KDE)", icon=":material/blur_on:",
            url_path="smoothing"),
    st.Page("pages/text.py", title="Text (Markov chain)", icon=":material/menu_book:",
            url_path="text"),
    st.Page("pages/compare.py", title="Compare strategies", icon=":material/compare_arrows:",
            url_path="compare"),
    st.Page("pages/phase.py", title="How much human data?", icon=":material/grid_on:",
            url_path="phase"),
    st.Page("pages/digits.py", title="Handwritten digits", icon=":material/draw:",
            url_path="digits"),
    st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
]
st.navigation(pages).run()
