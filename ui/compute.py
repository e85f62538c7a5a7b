"""Cached simulations: one computation per distinct setting, shared by every reader."""

from __future__ import annotations

import streamlit as st

from collapse_core import Result, Settings, build_experiment, simulate

# Progress bars update at most this many times per computation.
_PROGRESS_STEPS = 25


@st.cache_data(max_entries=64, show_spinner=False)
def simulation(model: str, options: tuple[tuple[str, object], ...], settings: Settings) -> Result:
    """The recursion for `model` with its options, as a progress bar that vanishes when done."""
    bar = st.progress(0.0, text="Simulating generations…")
    shown = 0

    def progress(fraction: float) -> None:
        nonlocal shown
        step = int(fraction * _PROGRESS_STEPS)
        if step > shown:
            shown = step
            bar.progress(fraction, text=f"Simulating generations… {fraction:.0%}")

    result = simulate(build_experiment(model, **dict(options)), settings, progress)
    bar.empty()
    return result


def run_or_explain(model: str, options: dict, settings: Settings) -> Result | None:
    """The simulation, or None after showing a plain message if the input cannot be used."""
    try:
        return simulation(model, tuple(sorted(options.items())), settings)
    except ValueError as error:  # bad input (e.g. an unusable text), not a bug
        st.error(f"This experiment can't run with these settings: {error}")
        return None
