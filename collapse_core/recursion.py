"""The recursion: fit a model, sample from it, refit on the samples, and measure; all runs of
a setting advanced together, extended on demand, within a time budget if asked."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from collapse_core.runs import FirstFits, Runs, run_seeds
from collapse_core.settings import Settings

# By default, runs advanced together may hold this much data while they go on (or keep_bytes
# if larger); more runs than fit are advanced in groups, one group to the end after the other.
WORK_BYTES = 8 * 2**20
# Runs advanced together at most: beyond this numpy gains nothing, and the models' work
# arrays (e.g. the KDE's FFTs) grow with the group.
MAX_TOGETHER = 100
EXAMPLES_KEPT = 4  # runs computed alone for their snapshots, kept to be read or continued


@dataclass
class Result:
    """Metrics of every (run, generation), and the snapshots of one run to draw (the example
    run: run 0 unless `example_run` says another)."""

    settings: Settings
    metrics: pd.DataFrame
    example: dict = field(default_factory=dict)
    example_run: int = 0

    def __repr__(self):
        s = self.settings
        return f"Result({s.runs} run(s) x {s.generations + 1} generations)"


@cache
def _blas_pools() -> ThreadpoolController:
    """numpy's BLAS thread pools, found once: finding them takes milliseconds, and the runs
    limit them on every call (scikit-learn's own pools are limited where it fits)."""
    return ThreadpoolController()


class _View(NamedTuple):
    """What readers may take without the lock: generations 0..computed of `table` are final."""

    computed: int
    table: list  # per generation: metric name -> one value per run
    first: Runs | None  # the runs that keep run 0's snapshots


class Recursion:
    """All runs of one experiment and settings, extended on demand.

    `result(g)` returns exactly what `simulate` returns with `generations=g`: a run's first g
    generations do not depend on how many follow. So asking for fewer generations than were
    computed only reads, and asking for more continues the runs where they stopped, as long
    as what they need to go on fits in `keep_bytes`; if not, they are let go, and a later
    request for more generations starts again. settings.generations is ignored.

    While they compute, the runs may hold `work_bytes` (default: the larger of keep_bytes and
    8 MB); if all of them would hold more at the generations asked for, they go in groups,
    each to the end before the next starts, so `computed` moves only once the last group does.

    `extend` computes within a time budget (answer first, refine after) and `example` gives
    the snapshots of any run, computed alone. Safe to share between threads: one computes at
    a time, and reading what is computed never waits.
    """

    def __init__(self, experiment, settings: Settings, keep_bytes: int = 32 * 2**20,
                 work_bytes: int | None = None, first_fits: FirstFits | None = None):
        self.experiment, self.settings, self.keep_bytes = experiment, settings, keep_bytes
        self.first_fits = first_fits
        self.work_bytes = max(keep_bytes, WORK_BYTES) if work_bytes is None else work_bytes
        self._lock = threading.Lock()
        self._examples: OrderedDict[int, Runs] = OrderedDict()
        self._start_again()

    def _start_again(self) -> None:
        self._groups: list[Runs] = []
        self._view = _View(-1, [], None)

    @property
    def computed(self) -> int:
        """The last generation complete for every run (-1 before any)."""
        return self._view.computed

    @property
    def busy(self) -> bool:
        """Whether a thread is computing the runs now (extend(wait=False) would return at
        once)."""
        return self._lock.locked()

    @property
    def can_go_on(self) -> bool:
        """Whether more generations would continue the runs (not start them again)."""
        return bool(self._groups) and not any(group.settled for group in self._groups)

    def extend(self, generations: int, deadline: float | None = None,
               progress: Callable[[float], None] | None = None, wait: bool = True) -> int:
        """Advance every run towards `generations`, all together; return `computed`.

        Stops at the first generation boundary after time.perf_counter() passes `deadline`
        (None: no limit), having done at least one generation if any was missing.
        progress(fraction) reports the share of the work asked for that is done. If another
        thread is computing, waits for it, or with wait=False returns at once.
        """
        replace(self.settings, generations=generations)  # checks the value
        if not self._lock.acquire(blocking=wait):
            return self.computed
        try:
            self._extend(generations, deadline, progress)
        finally:
            self._lock.release()
        return self.computed

    def let_go(self) -> None:
        """Forget what going on would need (for runs nobody waits for): what is computed stays
        readable, and asking for more generations starts the runs again."""
        with self._lock:
            for runs in (*self._groups, *self._examples.values()):
                runs.settle()

    def result(self, generations: int, progress: Callable[[float], None] | None = None
               ) -> Result:
        """Generations 0..`generations` of every run, computing what is missing (no time
        limit); progress(fraction) of the new work. The example is run 0's."""
        settings = replace(self.settings, generations=generations)  # checks the value
        view = self._view
        if view.computed < generations:
            with self._lock:
                self._extend(generations, None, progress)
                view = self._view
        return Result(settings, _frame(view.table[: generations + 1], settings.runs),
                      view.first.collect(generations))

    def example(self, run: int, generations: int) -> dict:
        """The snapshots to draw (Result.example) of any run for generations 0..`generations`:
        run 0's as the runs computed them, another's by running it alone from its own stream
        (the same numbers as in the runs). The last few are kept to be read or continued."""
        replace(self.settings, generations=generations)  # checks the value
        self._check_run(run)
        first = self._view.first
        if run == 0 and first is not None and first.generation >= generations:
            return first.collect(generations)
        with self._lock:
            alone = self._alone(run, generations, None)
        return alone.collect(generations)

    def run_alone(self, run: int, generations: int, deadline: float | None = None,
                  wait: bool = True) -> Result | None:
        """One run computed alone (its numbers are the same as in the runs) towards
        `generations`, stopping at the first generation boundary after `deadline` (None: no
        limit): a Result of that run only (settings.runs = 1; the generations it reached).
        A cheap first answer while the other runs are computed. If another thread is
        computing, waits for it, or with wait=False returns None at once."""
        replace(self.settings, generations=generations)  # checks the value
        self._check_run(run)
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            alone = self._alone(run, generations, deadline)
            reached = alone.generation
            settings = replace(self.settings, generations=reached, runs=1)
            return Result(settings, _frame(alone.log[: reached + 1], 1),
                          alone.collect(reached))
        finally:
            self._lock.release()

    def _check_run(self, run) -> None:
        if not (isinstance(run, int | np.integer) and 0 <= run < self.settings.runs):
            raise ValueError(f"run must be a run number from 0 to {self.settings.runs - 1}")

    def _alone(self, run: int, generations: int, deadline: float | None) -> Runs:
        """Run `run` alone, advanced towards `generations` until the deadline (at least one
        generation if any is missing) and kept to be read or continued (call with the lock)."""
        with _blas_pools().limit(limits=1):
            alone = self._examples.pop(run, None)
            if alone is None or (alone.settled and alone.generation < generations):
                seed = run_seeds(self.settings.seed, self.settings.runs)[run]
                alone = Runs(self.experiment, self.settings, [seed], run, example=0, log=True)
            while alone.generation < generations:
                alone.advance()  # a failure leaves nothing behind: `alone` is not kept
                if deadline is not None and time.perf_counter() >= deadline:
                    break
            kept = sum(runs.state_bytes for runs in self._examples.values())
            if kept + alone.state_bytes > self.keep_bytes:
                alone.settle()
            self._examples[run] = alone
            while len(self._examples) > EXAMPLES_KEPT:
                self._examples.popitem(last=False)
        return alone

    def _extend(self, generations: int, deadline: float | None, progress) -> None:
        if self.computed >= generations:
            return
        if not self._can_reach(generations):
            self._start_again()
        if not self._groups:
            self._plan(generations)
        todo = sum(len(g) * (generations - g.generation) for g in self._groups
                   if g.generation < generations)
        done = 0
        # One BLAS/OpenMP thread: on small machines more threads stall the many tiny fits.
        with _blas_pools().limit(limits=1):
            for group in self._groups:
                while group.generation < generations:
                    self._advance(group)
                    if group.generation == generations:
                        self._keep_or_let_go(generations)
                    done += len(group)
                    if progress is not None:
                        progress(done / todo)
                    if deadline is not None and time.perf_counter() >= deadline:
                        return

    def _can_reach(self, generations: int) -> bool:
        """Whether the runs there are can go on to `generations` (not let go, not too big)."""
        run_bytes = self._run_bytes(generations)
        return all(not (group.settled and group.generation < generations)
                   and (len(group) == 1 or len(group) * run_bytes <= self.work_bytes)
                   for group in self._groups)

    def _plan(self, generations: int) -> None:
        """The runs, in groups as large as the memory for `generations` allows."""
        s = self.settings
        size = max(1, min(MAX_TOGETHER, self.work_bytes // self._run_bytes(generations)))
        seeds = run_seeds(s.seed, s.runs)
        self._groups = [Runs(self.experiment, s, seeds[first : first + size], first,
                             example=0 if first == 0 else None, first_fits=self.first_fits)
                        for first in range(0, s.runs, size)]
        self._view = _View(-1, [], self._groups[0])

    def bytes_needed(self, generations: int) -> int:
        """About what the runs hold while they compute to `generations` all together."""
        return self.settings.runs * self._run_bytes(generations)

    def _run_bytes(self, generations: int) -> int:
        """About what one run holds at `generations`: its original sample, its last output
        and what it trains on (every training set so far, when they accumulate)."""
        s = self.settings
        sets = 3 + (generations if s.scheme == "accumulate" else 0)
        return self.experiment.item_bytes * s.sample_size * sets

    def _advance(self, group: Runs) -> None:
        """One generation of a group, written into the table once it is all there."""
        try:
            metrics = group.advance()
        except BaseException:
            self._start_again()  # the group's runs are half-way through a generation
            raise
        view, g = self._view, group.generation
        if len(view.table) <= g:
            view.table.append({name: np.empty(self.settings.runs, np.asarray(values).dtype)
                               for name, values in metrics.items()})
        for name, values in metrics.items():
            view.table[g][name][group.first : group.first + len(group)] = values
        if g - 1 == view.computed:  # only a group that was last can move what all have done
            computed = min(runs.generation for runs in self._groups)
            if computed > view.computed:
                self._view = view._replace(computed=computed)

    def _keep_or_let_go(self, generations: int) -> None:
        """Let go of what runs at `generations` need to go on, as soon as what is kept passes
        the budget, so that memory stays bounded."""
        groups = self._groups
        if any(g.settled for g in groups) or sum(g.state_bytes for g in groups) > self.keep_bytes:
            for group in groups:
                if group.generation >= generations:
                    group.settle()


def _frame(table: list[dict], runs: int) -> pd.DataFrame:
    """The metrics of generations 0..len(table) - 1 as one row per (run, generation)."""
    count = len(table)
    return pd.DataFrame({"run": np.repeat(np.arange(runs), count),
                         "generation": np.tile(np.arange(count), runs),
                         **{name: np.stack([row[name] for row in table], axis=1).ravel()
                            for name in table[0]}})


def simulate(
    experiment, settings: Settings, progress: Callable[[float], None] | None = None
) -> Result:
    """Run the recursion settings.runs times; progress(fraction) is called as it goes."""
    once = Recursion(experiment, settings, keep_bytes=0)  # nothing kept: many runs fit
    return once.result(settings.generations, progress)
