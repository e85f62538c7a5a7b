"""Cached computations: one per distinct setting, shared by every reader, with progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from collapse_core import Result, Settings, build_experiment
from collapse_core.phase import PhaseMap
from collapse_core.recursion import Recursion
from collapse_core.strategies import STRATEGIES
from collapse_core.text import CorpusError
from ui.compare_view import YARDSTICKS, ranking
from ui.i18n import _
from ui.own_text import explain

# Progress bars update at most this many times per computation, and appear only once a
# computation has run this long: Streamlit replays every element a cached function drew on
# each later cache hit, so a quick computation must draw nothing.
_PROGRESS_STEPS = 20
PROGRESS_AFTER_S = 0.5


def _progress_bar(text: str) -> tuple[Callable[[float], None], Callable[[], None]]:
    """A progress bar's update function (lazy and throttled) and a function that removes it."""
    started = time.perf_counter()
    bar, shown = None, 0

    def update(fraction: float) -> None:
        nonlocal bar, shown
        if bar is None and time.perf_counter() - started < PROGRESS_AFTER_S:
            return
        step = int(fraction * _PROGRESS_STEPS)
        if bar is None:
            shown, bar = step, st.progress(fraction, text=f"{text} {fraction:.0%}")
        elif step > shown:
            shown = step
            bar.progress(fraction, text=f"{text} {fraction:.0%}")

    def remove() -> None:
        if bar is not None:
            bar.empty()

    return update, remove


# Kept runs, and the memory each may keep to go on (larger ones are let go, and start again
# if asked for more generations): at most 24 x 16 MB. Compare alone keeps five.
_RECURSIONS_KEPT = 24
_KEEP_BYTES = 16 * 2**20


@st.cache_resource(max_entries=_RECURSIONS_KEPT, show_spinner=False)
def _recursion(model: str, options: tuple[tuple[str, object], ...], settings: Settings
               ) -> Recursion:
    """The runs of one setting, for any number of generations: moving the generations slider
    reads them or continues them instead of starting again."""
    return Recursion(build_experiment(model, **dict(options)), settings, _KEEP_BYTES)


@st.cache_data(max_entries=64, show_spinner=False)
def simulation(model: str, options: tuple[tuple[str, object], ...], settings: Settings) -> Result:
    """The recursion for `model` with its options (the bar it shows vanishes when done)."""
    update, done = _progress_bar(_("Simulating generations…"))
    recursion = _recursion(model, options, replace(settings, generations=0))
    result = recursion.result(settings.generations, update)
    done()
    return result


@st.cache_resource(max_entries=4, show_spinner=False)
def _phase_map(settings: Settings, estimator: str) -> PhaseMap:
    """The map's runs for one setting, for any number of generations (like `_recursion`)."""
    return PhaseMap(settings, estimator)


@st.cache_data(max_entries=16, show_spinner=False)
def phase_diagram(settings: Settings, estimator: str) -> pd.DataFrame:
    """The phase grid of the single-Gaussian recursion (see collapse_core.phase)."""
    update, done = _progress_bar(_("Filling in the map…"))
    grid = _phase_map(replace(settings, generations=0), estimator).grid(settings.generations,
                                                                        update)
    done()
    return grid


@st.cache_data(max_entries=16, show_spinner=False)
def comparison(model: str, options: tuple[tuple[str, object], ...], base: Settings,
               fraction: float) -> tuple[dict[str, Result], pd.DataFrame]:
    """Every strategy's result for one experiment, and their ranking (one cache entry for the
    Compare page's five simulations: one lookup per rerun instead of five)."""
    results = {s.key: simulation(model, options, s.settings(base, fraction))
               for s in STRATEGIES}
    return results, ranking(results, YARDSTICKS[model])


def run_or_explain(model: str, options: dict, settings: Settings) -> Result | None:
    """The simulation, or None after showing a plain message if the input cannot be used."""
    return _explained(simulation, model, tuple(sorted(options.items())), settings)


def compare_or_explain(model: str, options: dict, base: Settings, fraction: float
                       ) -> tuple[dict[str, Result], pd.DataFrame] | None:
    """`comparison`, or None after showing a plain message if the input cannot be used."""
    return _explained(comparison, model, tuple(sorted(options.items())), base, fraction)


def _explained(compute: Callable, *args):
    """compute(*args), or None after a plain message if the reader's input cannot be used."""
    try:
        return compute(*args)
    except ValueError as error:  # bad input (e.g. an unusable text), not a bug
        why = explain(error) if isinstance(error, CorpusError) else str(error)
        st.error(_("This experiment can't run with these settings: {why}").format(why=why))
        return None
