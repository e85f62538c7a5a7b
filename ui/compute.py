"""Computations shared by every reader: one experiment, every strategy of one, the phase map.

A setting's runs are kept once for everyone (`_recursion`): the slider reads or continues
them. A page's first answer is what a moment's computing gives (ui.first_answer); the rest is
finished in the background and the page fills in by itself. Finished results are cached,
bounded in bytes. A setting too big for a shared server is refused first (ui.limits).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from collapse_core import Result, Settings, build_experiment
from collapse_core.families.neural import card as neural_card
from collapse_core.phase import PhaseMap
from collapse_core.recursion import Recursion
from collapse_core.runs import FirstFits
from collapse_core.sources import RARE_GROUP_SOURCES
from collapse_core.summary import typical_run
from ui.activity import this_session
from ui.background import FINISHER
from ui.compare_view import YARDSTICKS, ranking
from ui.first_answer import QUICK_S, busy, for_a_moment, still_computing
from ui.i18n import _, explain, ngettext
from ui.limits import WORK_BYTES, check_memory, check_work

# Kept runs, and the memory each may keep to go on (larger ones are let go, and start again
# if asked for more generations): at most 24 x 4 MB. Compare alone keeps five.
_RECURSIONS_KEPT = 24
_KEEP_BYTES = 4 * 2**20
# Finished results, shared by readers: bounded by their pickled size.
_RESULTS_SIZE = "48MB"
# The metric whose final value picks the typical run to draw: the rare group's share where
# the human data has a rare group (bell curves and mixtures), else per model.
HEADLINE = {"gaussian": "std", "mixture": "std", "kde": "std", "markov": "vocab_size",
            "digits": "digit_entropy", neural_card.NAME: neural_card.HEADLINE}


def _extended(recursion: Recursion, asked: int, deadline: float) -> bool | None:
    """Advance the runs towards `asked` until the deadline, unless another thread is on them
    (None); whether they are there."""
    if recursion.busy:
        return None
    return recursion.extend(asked, deadline, wait=False) >= asked


# --- one experiment ---------------------------------------------------------------------------


@st.cache_resource(max_entries=_RECURSIONS_KEPT, show_spinner=False)
def _recursion(model: str, options: tuple[tuple[str, object], ...], settings: Settings
               ) -> Recursion:
    """The runs of one setting, for any number of generations: moving the generations slider
    reads them or continues them instead of starting again."""
    return Recursion(_build(model, dict(options)), settings, _KEEP_BYTES, WORK_BYTES)


def _build(model: str, options: dict):
    """The experiment of a model and its options. The tiny neural network is built by its
    family card until the family registry (issue 16) builds every family."""
    if model == neural_card.NAME:
        return neural_card.build(**options)
    return build_experiment(model, **options)


def _runs_of(model: str, options: tuple, settings: Settings) -> Recursion:
    return _recursion(model, options, replace(settings, generations=0))


def headline(model: str, options: tuple) -> str:
    """The metric whose final value picks the run to draw (the typical run)."""
    if model in ("gaussian", "mixture") and dict(options).get("source") in RARE_GROUP_SOURCES:
        return "rare_mode_mass"
    return HEADLINE[model]


def _drawn(recursion: Recursion, model: str, options: tuple, result: Result) -> Result:
    """The result with the typical run's snapshots to draw: the run whose headline metric
    ends at the median of the runs."""
    run = typical_run(result.metrics, headline(model, options))
    if run == 0:
        return result
    return replace(result, example=recursion.example(run, result.settings.generations),
                   example_run=run)


@st.cache_data(max_entries=64, max_size=_RESULTS_SIZE, show_spinner=False)
def _finished(model: str, options: tuple[tuple[str, object], ...], settings: Settings,
              _recursion: Recursion) -> Result:
    """Every generation asked for, with the typical run drawn (computed already in
    `_recursion`, but for that run's snapshots)."""
    return _drawn(_recursion, model, options, _recursion.result(settings.generations))


def simulation(model: str, options: tuple[tuple[str, object], ...], settings: Settings
               ) -> Result:
    """The answer for now: every generation asked for, or the first ones while the rest is
    computed in the background (with a notice that the page fills in by itself). With many
    runs on a busy server, the first answer is one run alone, as far as it gets."""
    recursion = _runs_of(model, options, settings)
    asked = settings.generations
    one_first = settings.runs > 1 and busy()
    if recursion.computed < asked:
        check_work(model, dict(options), settings)
        check_memory(recursion, generations=asked)
        if not one_first:
            for_a_moment(lambda deadline: _extended(recursion, asked, deadline),
                          lambda: max(recursion.computed, 0) / asked,
                          lambda: recursion.computed >= 0, _("Simulating generations…"))
    shown = recursion.computed
    if shown >= asked:
        return _finished(model, options, settings, recursion)
    key = (recursion, asked)  # the runs themselves: a setting's runs may be made again
    FINISHER.finish(key, lambda deadline: recursion.extend(asked, deadline) >= asked,
                    recursion.let_go, this_session())
    if one_first:
        alone = recursion.run_alone(0, asked, time.perf_counter() + QUICK_S,
                                    wait=shown < 0)  # waits only when there is nothing else
        if alone is not None and alone.settings.generations > shown:
            still_computing(key, lambda: recursion.computed, asked, ngettext(
                "⏳ This is a big experiment for a shared server: one of its {runs} runs is "
                "shown (generations 0 to {reached}), and the other run appears by itself as "
                "it is computed.",
                "⏳ This is a big experiment for a shared server: one of its {runs} runs is "
                "shown (generations 0 to {reached}), and the other runs appear by themselves "
                "as they are computed.", settings.runs - 1).format(
                runs=settings.runs, reached=alone.settings.generations))
            return alone
    still_computing(key, lambda: recursion.computed, asked)
    return _drawn(recursion, model, options, recursion.result(shown))


# --- every strategy of one experiment ----------------------------------------------------------

# The settings of each strategy compared: (strategy key, its settings), in the page's order.
Plans = tuple[tuple[str, Settings], ...]

class _Strategies:
    """The runs of one experiment's strategies: one experiment, their generation 0 drawn and
    fitted once (FirstFits), and a Recursion per strategy's settings, made when first asked."""

    def __init__(self, model: str, options: tuple, draws: tuple[int, int, int], users: int):
        self.experiment = build_experiment(model, **dict(options))
        self.draws = draws  # (seed, runs, sample size): what makes generation 0 the same
        self.first_fits = FirstFits(users)
        self._recursions: dict[Settings, Recursion] = {}
        self._lock = threading.Lock()

    def recursion(self, settings: Settings) -> Recursion:
        """The runs of one strategy's settings (any number of generations)."""
        settings = replace(settings, generations=0)
        shared = _draws(settings) == self.draws
        with self._lock:
            if settings not in self._recursions:
                self._recursions[settings] = Recursion(
                    self.experiment, settings, _KEEP_BYTES, WORK_BYTES,
                    self.first_fits if shared else None)
            return self._recursions[settings]


def _draws(settings: Settings) -> tuple[int, int, int]:
    return settings.seed, settings.runs, settings.sample_size


@st.cache_resource(max_entries=_RECURSIONS_KEPT // 6, show_spinner=False)
def _strategies(model: str, options: tuple[tuple[str, object], ...],
                draws: tuple[int, int, int], _users: int) -> _Strategies:
    """The strategies of one experiment with the same draws (seed, runs, sample size), which
    share their generation 0."""
    return _Strategies(model, options, draws, _users)


def _strategy_runs(model: str, options: tuple, plans: Plans) -> dict[str, Recursion]:
    strategies = _strategies(model, options, _draws(plans[0][1]), len(plans))
    return {key: strategies.recursion(settings) for key, settings in plans}


def _least_computed(recursions: dict[str, Recursion]) -> int:
    return min(r.computed for r in recursions.values())


def _advance_strategies(recursions: dict[str, Recursion], asked: int, deadline: float
                        ) -> bool | None:
    """Advance the strategy furthest behind that no other thread is on, until the deadline;
    whether every strategy is done (None: the others are busy)."""
    free = [r for r in recursions.values() if r.computed < asked and not r.busy]
    if free:
        min(free, key=lambda r: r.computed).extend(asked, deadline, wait=False)
    elif _least_computed(recursions) < asked:
        return None
    return _least_computed(recursions) >= asked


def _ranked(recursions: dict[str, Recursion], generations: int, model: str
            ) -> tuple[dict[str, Result], pd.DataFrame]:
    """Every strategy's result up to `generations` (which all have reached), ranked."""
    # Without the snapshots to draw (no chart of a comparison draws one run): a cached
    # comparison is copied to every reader who opens it.
    results = {key: replace(r.result(generations), example={})
               for key, r in recursions.items()}
    return results, ranking(results, YARDSTICKS[model])


@st.cache_data(max_entries=16, max_size=_RESULTS_SIZE, show_spinner=False)
def _finished_comparison(model: str, options: tuple[tuple[str, object], ...], plans: Plans,
                         generations: int, _recursions: dict[str, Recursion]
                         ) -> tuple[dict[str, Result], pd.DataFrame]:
    return _ranked(_recursions, generations, model)


def comparison(model: str, options: tuple[tuple[str, object], ...], plans: Plans, asked: int
               ) -> tuple[dict[str, Result], pd.DataFrame]:
    """Every strategy's result for one experiment (`plans`: each strategy's settings, any
    number of generations) and their ranking, all at the same generation: `asked`, or the last
    one every strategy has reached so far."""
    recursions = _strategy_runs(model, options, plans)
    if _least_computed(recursions) < asked:
        check_work(model, dict(options), *(replace(settings, generations=asked)
                                            for _key, settings in plans))
        check_memory(*recursions.values(), generations=asked)
        for_a_moment(lambda deadline: _advance_strategies(recursions, asked, deadline),
                      lambda: max(_least_computed(recursions), 0) / asked,
                      lambda: _least_computed(recursions) >= 0,
                      _("Simulating generations…"))
    shown = _least_computed(recursions)
    if shown >= asked:
        return _finished_comparison(model, options, plans, asked, recursions)
    key = (*recursions.values(), asked)
    FINISHER.finish(key, lambda deadline: bool(_advance_strategies(recursions, asked, deadline)),
                    lambda: [r.let_go() for r in recursions.values()], this_session())
    still_computing(key, lambda: _least_computed(recursions), asked)
    return _ranked(recursions, shown, model)


# --- the phase map ------------------------------------------------------------------------------


@st.cache_resource(max_entries=4, show_spinner=False)
def _phase_map(settings: Settings, estimator: str) -> PhaseMap:
    """The map's runs for one setting, for any number of generations (like `_recursion`)."""
    return PhaseMap(settings, estimator)


@st.cache_data(max_entries=16, show_spinner=False)
def _finished_phase_diagram(settings: Settings, estimator: str, _phase: PhaseMap
                            ) -> pd.DataFrame:
    return _phase.grid(settings.generations)


def phase_diagram(settings: Settings, estimator: str) -> pd.DataFrame:
    """The phase grid of the single-Gaussian recursion (see collapse_core.phase): complete, or
    with the squares not computed yet as NaN while the rest is computed in the background."""
    phase = _phase_map(replace(settings, generations=0), estimator)
    asked, cells = settings.generations, len(phase.cells)
    if phase.cells_done(asked) < cells:  # (its knobs cannot ask for more than seconds)
        for_a_moment(lambda deadline: None if phase.busy else
                      phase.extend(asked, deadline, wait=False) >= cells,
                      lambda: phase.cells_done(asked) / cells, lambda: True,
                      _("Filling in the map…"))
    if phase.cells_done(asked) >= cells:
        return _finished_phase_diagram(settings, estimator, phase)
    key = (phase, asked)
    FINISHER.finish(key, lambda deadline: phase.extend(asked, deadline) >= cells,
                    reader=this_session())
    still_computing(key, lambda: phase.cells_done(asked), cells,
                    _("⏳ {done} of {total} squares are filled in; the rest are being "
                      "computed and appear by themselves."))
    return phase.grid(asked, complete=False)


# --- for the pages ----------------------------------------------------------------------------


def run_or_explain(model: str, options: dict, settings: Settings) -> Result | None:
    """The simulation, or None after showing a plain message if the input cannot be used."""
    return _explained(simulation, model, tuple(sorted(options.items())), settings)


def compare_or_explain(model: str, options: dict, settings: dict[str, Settings]
                       ) -> tuple[dict[str, Result], pd.DataFrame] | None:
    """`comparison` of each strategy's settings (by key, all with the same generations), or
    None after showing a plain message if the input cannot be used."""
    asked = next(iter(settings.values())).generations
    plans = tuple((key, replace(s, generations=0)) for key, s in settings.items())
    return _explained(comparison, model, tuple(sorted(options.items())), plans, asked)


def phase_or_explain(settings: Settings, estimator: str) -> pd.DataFrame | None:
    """`phase_diagram`, or None after showing a plain message if the setting is too big."""
    return _explained(phase_diagram, settings, estimator)


def cannot_run(error: ValueError) -> None:
    """The plain message that the experiment cannot run, and why."""
    st.error(_("This experiment can't run with these settings: {why}").format(
        why=explain(error)))


def _explained(compute: Callable, *args):
    """compute(*args), or None after a plain message if the reader's input cannot be used."""
    try:
        return compute(*args)
    except ValueError as error:  # bad input (e.g. an unusable text), not a bug
        cannot_run(error)
        return None
