"""Streamlit and plotly helpers shared by the pages: controls, caching, figures, captions."""
