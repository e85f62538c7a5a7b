"""What the lesson's links compute: each link's settings read as its page reads them, as the
arguments of ui.serving.compute's `simulation` or `comparison` (ui.serving.warm computes them
before a class opens the links)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ui.compare_knobs import KNOBS as COMPARE_KNOBS
from ui.compare_knobs import strategy_plans
from ui.hiring_knobs import HIRING_KNOBS, decided, hiring_options
from ui.home_demo import DEMO
from ui.knobs import Knob
from ui.lesson import LESSON
from ui.model_knobs import COMPONENTS, CONTINUOUS_MODEL, ESTIMATOR, SOURCE, continuous_model
from ui.neural_knobs import NETWORK_KNOBS, network_options
from ui.recursion_controls import HUMAN_END, RECURSION_KNOBS, lab_settings
from ui.serving.compute import comparison_args, simulation_args

# A computation: ("simulation", its arguments) or ("comparison", its arguments).
Computation = tuple[str, tuple]


def _values(query: dict[str, str], knobs: Iterable[Knob]) -> dict:
    """The values of the knobs a link names."""
    return {knob.key: knob.parse(query[knob.key]) for knob in knobs if knob.key in query}


def _lab(query: dict[str, str], *knobs: Knob) -> dict:
    """The lab's knobs' values and the model's a link names, the others at their defaults (a
    human share's end left out is the start's)."""
    knobs = (*RECURSION_KNOBS, *knobs)
    return {**{knob.key: knob.default for knob in knobs},
            **_values(query, (*knobs, HUMAN_END))}


def _home(query: dict[str, str]) -> Computation:
    return "simulation", simulation_args(*DEMO)


def _bell(query: dict[str, str]) -> Computation:
    values = _lab(query, CONTINUOUS_MODEL, SOURCE, ESTIMATOR, COMPONENTS)
    return "simulation", simulation_args(*continuous_model(values), lab_settings(values))


def _hiring(query: dict[str, str]) -> Computation:
    values = _lab(query, *HIRING_KNOBS)
    settings = decided(lab_settings(values), values)
    return "simulation", simulation_args("hiring", hiring_options(values), settings)


def _neural(query: dict[str, str]) -> Computation:
    values = _lab(query, *NETWORK_KNOBS)
    options = {**network_options(values), "corpus": query["c"]}
    return "simulation", simulation_args("neural", options, lab_settings(values))


def _compare(query: dict[str, str]) -> Computation:
    values = _values(query, COMPARE_KNOBS)
    return "comparison", comparison_args(values["m"], strategy_plans(values))


_PAGES = {"app_pages/home.py": _home, "app_pages/bell.py": _bell,
          "app_pages/hiring.py": _hiring, "app_pages/neural.py": _neural,
          "app_pages/compare.py": _compare}


def lesson_computations() -> Iterator[Computation]:
    """What the lesson's links compute, in the lesson's order, each once."""
    seen = set()
    for step in LESSON:
        for link in step.every_link():
            computation = _PAGES[link.page](link.query)
            if computation not in seen:
                seen.add(computation)
                yield computation
