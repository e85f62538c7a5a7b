"""Computations shared by every reader: one experiment, every strategy of one, the phase map.

A setting's runs are kept once for everyone (`_recursion`): the slider reads or continues
them. A page's first answer is what a moment's computing gives (ui.serving.first_answer); the
rest is finished in the background and the page fills in by itself. Answers, finished or
first, are made once and shared by every reader (ui.serving.shared), bounded in bytes. A
setting too big for a shared server is refused first (ui.serving.limits).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from collapse_core import Result, Settings, build_experiment
from collapse_core.families import card_of
from collapse_core.phase import PhaseMap
from collapse_core.recursion import Recursion
from collapse_core.runs import FirstFits
from collapse_core.strategies import ranking
from collapse_core.summary import typical_run
from ui.i18n import _, explain, ngettext
from ui.serving.activity import this_session
from ui.serving.background import FINISHER
from ui.serving.first_answer import QUICK_S, busy, for_a_moment, still_computing
from ui.serving.limits import WORK_BYTES, check_memory, check_work
from ui.serving.shared import SharedAnswers

# Kept runs, and the memory each may keep to go on (larger ones are let go, and start again
# if asked for more generations): at most 24 x 4 MB. Compare alone keeps five.
_RECURSIONS_KEPT = 24
_KEEP_BYTES = 4 * 2**20
# Answers (finished, or first ones while the rest computes), shared by readers: bounded by
# their pickled size, for simulations and for comparisons each.
_RESULTS_BYTES = 48 * 2**20


def _extended(recursion: Recursion, asked: int, deadline: float) -> bool | None:
    """Advance the runs towards `asked` until the deadline, unless another thread is on them
    (None); whether they are there."""
    if recursion.busy:
        return None
    return recursion.extend(asked, deadline, wait=False) >= asked


def _let_go(*recursions: Recursion) -> None:
    """Let go of what the runs need to go on (their work was dropped), unless other work still
    extends them: a reader who moved a slider on to more generations (letting go would start
    that work again from generation 0)."""
    extended = {id(part) for key in FINISHER.pending_keys() if isinstance(key, tuple)
                for part in key if isinstance(part, Recursion)}
    for recursion in recursions:
        if id(recursion) not in extended:
            recursion.let_go()


# --- one experiment ---------------------------------------------------------------------------


@st.cache_resource(max_entries=_RECURSIONS_KEPT, show_spinner=False)
def _recursion(model: str, options: tuple[tuple[str, object], ...], settings: Settings
               ) -> Recursion:
    """The runs of one setting, for any number of generations: moving the generations slider
    reads them or continues them instead of starting again."""
    return Recursion(build_experiment(model, **dict(options)), settings, _KEEP_BYTES,
                     WORK_BYTES)


def _runs_of(model: str, options: tuple, settings: Settings) -> Recursion:
    # Cached functions are called by keyword: Streamlit looks up a positional argument's name
    # in the function's signature, anew for each argument on every call.
    return _recursion(model=model, options=options,
                      settings=replace(settings, generations=0))


def headline(model: str, options: tuple) -> str:
    """The metric whose final value picks the run to draw (the typical run): the card's."""
    return card_of(model).headline_of(dict(options))[0]


def _drawn(recursion: Recursion, model: str, options: tuple, result: Result) -> Result:
    """The result with the typical run's snapshots to draw: the run whose headline metric
    ends at the median of the runs."""
    run = typical_run(result.metrics, headline(model, options))
    if run == 0:
        return result
    return replace(result, example=recursion.example(run, result.settings.generations),
                   example_run=run)


@st.cache_resource(show_spinner=False)  # cleared with the other caches
def _answers(kind: str) -> SharedAnswers:
    """The answers of one kind ("simulation", "comparison") handed to every reader."""
    return SharedAnswers(_RESULTS_BYTES)


def _answer(model: str, options: tuple[tuple[str, object], ...], settings: Settings,
            recursion: Recursion) -> Result:
    """Generations 0..settings.generations (computed already in `recursion`, but for the
    typical run's snapshots), with the typical run drawn: the finished answer, or a first one
    while the rest computes, the same for every reader who opens the link then."""
    return _answers(kind="simulation").get((model, options, settings), lambda: _drawn(
        recursion, model, options, recursion.result(settings.generations)))


def simulation(model: str, options: tuple[tuple[str, object], ...], settings: Settings
               ) -> Result:
    """The answer for now: every generation asked for, or the first ones while the rest is
    computed in the background (with a notice that the page fills in by itself). With many
    runs on a busy server, the first answer is one run alone, as far as it gets."""
    if (finished := _answers(kind="simulation").kept((model, options, settings))) is not None:
        return finished  # (without looking up its runs: most page views of a link are these)
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
        return _answer(model, options, settings, recursion)
    key = (recursion, asked)  # the runs themselves: a setting's runs may be made again
    FINISHER.finish(key, lambda deadline: recursion.extend(asked, deadline) >= asked,
                    partial(_let_go, recursion), this_session())
    if one_first:
        alone = recursion.run_alone(0, asked, time.perf_counter() + QUICK_S,
                                    wait=shown < 0)  # waits only when there is nothing else
        if alone is not None and alone.settings.generations > shown:
            still_computing(key, lambda: recursion.computed, asked, ngettext(
                "This is a big experiment for a shared server: one of its {runs} runs is "
                "shown (generations 0 to {reached}), and the other run appears by itself as "
                "it is computed.",
                "This is a big experiment for a shared server: one of its {runs} runs is "
                "shown (generations 0 to {reached}), and the other runs appear by themselves "
                "as they are computed.", settings.runs - 1).format(
                runs=settings.runs, reached=alone.settings.generations))
            return alone
    still_computing(key, lambda: recursion.computed, asked)
    return _answer(model, options, replace(settings, generations=shown), recursion)


# --- every strategy of one experiment ----------------------------------------------------------

# Each strategy compared: (strategy key, the experiment's options, its settings), in the page's
# order. Strategies of the same options share one experiment and their generation 0.
Options = tuple[tuple[str, object], ...]
Plans = tuple[tuple[str, Options, Settings], ...]

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


def _strategy_runs(model: str, plans: Plans) -> dict[str, Recursion]:
    users = Counter(options for _key, options, _settings in plans)
    return {key: _strategies(model=model, options=options, draws=_draws(settings),
                             _users=users[options]).recursion(settings)
            for key, options, settings in plans}


def _least_computed(recursions: dict[str, Recursion]) -> int:
    return min(r.computed for r in recursions.values())


def _advance_strategies(recursions: dict[str, Recursion], asked: int, deadline: float
                        ) -> bool | None:
    """Advance the strategy furthest behind until the deadline, unless another thread is on
    one of them (None): threads computing one comparison at once only take turns on a core,
    and hold back every reader's first answer. Whether every strategy is done."""
    if any(r.busy for r in recursions.values()):
        return None if _least_computed(recursions) < asked else True
    behind = [r for r in recursions.values() if r.computed < asked]
    if behind:
        min(behind, key=lambda r: r.computed).extend(asked, deadline, wait=False)
    return _least_computed(recursions) >= asked


def _ranked(recursions: dict[str, Recursion], generations: int, model: str
            ) -> tuple[dict[str, Result], pd.DataFrame]:
    """Every strategy's result up to `generations` (which all have reached), ranked."""
    # Without the snapshots to draw (no chart of a comparison draws one run): a kept
    # comparison is bounded by its size.
    results = {key: replace(r.result(generations), example={})
               for key, r in recursions.items()}
    return results, ranking(results, card_of(model).yardstick)


def _compared(model: str, plans: Plans, generations: int, recursions: dict[str, Recursion]
              ) -> tuple[dict[str, Result], pd.DataFrame]:
    """`_ranked` at `generations` (which all have reached): the finished comparison, or a
    first one while the rest computes, the same for every reader who opens the link then."""
    return _answers(kind="comparison").get((model, plans, generations),
                                      lambda: _ranked(recursions, generations, model))


def comparison(model: str, plans: Plans, asked: int) -> tuple[dict[str, Result], pd.DataFrame]:
    """Every strategy's result for one experiment (`plans`: each strategy's options and
    settings, any number of generations) and their ranking, all at the same generation:
    `asked`, or the last one every strategy has reached so far."""
    recursions = _strategy_runs(model, plans)
    if _least_computed(recursions) < asked:
        for options in dict.fromkeys(options for _key, options, _settings in plans):
            check_work(model, dict(options), *(replace(settings, generations=asked)
                                                for _key, own, settings in plans
                                                if own == options))
        check_memory(*recursions.values(), generations=asked)
        for_a_moment(lambda deadline: _advance_strategies(recursions, asked, deadline),
                      lambda: max(_least_computed(recursions), 0) / asked,
                      lambda: _least_computed(recursions) >= 0,
                      _("Simulating generations…"))
    shown = _least_computed(recursions)
    if shown >= asked:
        return _compared(model, plans, asked, recursions)
    key = (*recursions.values(), asked)
    FINISHER.finish(key, lambda deadline: bool(_advance_strategies(recursions, asked, deadline)),
                    partial(_let_go, *recursions.values()), this_session())
    still_computing(key, lambda: _least_computed(recursions), asked)
    return _compared(model, plans, shown, recursions)


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
    phase = _phase_map(settings=replace(settings, generations=0), estimator=estimator)
    asked, cells = settings.generations, len(phase.cells)
    if phase.cells_done(asked) < cells:  # (its knobs cannot ask for more than seconds)
        for_a_moment(lambda deadline: None if phase.busy else
                      phase.extend(asked, deadline, wait=False) >= cells,
                      lambda: phase.cells_done(asked) / cells, lambda: True,
                      _("Filling in the map…"))
    if phase.cells_done(asked) >= cells:
        return _finished_phase_diagram(settings=settings, estimator=estimator, _phase=phase)
    key = (phase, asked)
    FINISHER.finish(key, lambda deadline: phase.extend(asked, deadline) >= cells,
                    reader=this_session())
    still_computing(key, lambda: phase.cells_done(asked), cells,
                    _("{done} of {total} squares are filled in; the rest are being "
                      "computed and appear by themselves."))
    return phase.grid(asked, complete=False)


# --- for the pages ----------------------------------------------------------------------------


def simulation_args(model: str, options: dict, settings: Settings) -> tuple:
    """The arguments of `simulation` for a page's model, options and settings."""
    return model, tuple(sorted(options.items())), settings


def comparison_args(model: str, plans: dict[str, tuple[dict, Settings]]) -> tuple:
    """The arguments of `comparison` for each strategy's options and settings (by key, all
    with the same generations)."""
    asked = next(iter(plans.values()))[1].generations
    return model, tuple((key, tuple(sorted(options.items())), replace(s, generations=0))
                        for key, (options, s) in plans.items()), asked


def run_or_explain(model: str, options: dict, settings: Settings) -> Result | None:
    """The simulation, or None after showing a plain message if the input cannot be used."""
    return _explained(simulation, *simulation_args(model, options, settings))


def compare_or_explain(model: str, plans: dict[str, tuple[dict, Settings]]
                       ) -> tuple[dict[str, Result], pd.DataFrame] | None:
    """`comparison` of each strategy's options and settings (by key, all with the same
    generations), or None after showing a plain message if the input cannot be used."""
    return _explained(comparison, *comparison_args(model, plans))


# --- ahead of the readers ---------------------------------------------------------------------


def simulation_ahead(model: str, options: tuple[tuple[str, object], ...], settings: Settings,
                     deadline: float) -> bool:
    """Compute what `simulation` would answer, until the deadline (outside any reader's
    script): whether its finished answer is now there for every reader."""
    recursion = _runs_of(model, options, settings)
    asked = settings.generations
    if recursion.computed < asked:
        check_work(model, dict(options), settings)
        if recursion.extend(asked, deadline, wait=False) < asked:
            return False
    _answer(model, options, settings, recursion)
    return True


def comparison_ahead(model: str, plans: Plans, asked: int, deadline: float) -> bool:
    """Compute what `comparison` would answer, until the deadline (as simulation_ahead)."""
    recursions = _strategy_runs(model, plans)
    if not _advance_strategies(recursions, asked, deadline):
        return False
    _compared(model, plans, asked, recursions)
    return True


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
