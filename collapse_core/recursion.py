"""The recursion: fit a model, sample from it, refit on the samples, and measure."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from collapse_core.settings import Settings


@dataclass
class Result:
    """Metrics of every (run, generation), and snapshots of run 0 (the example run) to draw."""

    settings: Settings
    metrics: pd.DataFrame
    example: dict = field(default_factory=dict)

    def __repr__(self):
        s = self.settings
        return f"Result({s.runs} run(s) x {s.generations + 1} generations)"


class ArrayItems:
    """How experiments whose items are the rows of a numpy array cut and join training sets."""

    @staticmethod
    def take(items: np.ndarray, n: int) -> np.ndarray:
        """The first n items."""
        return items[:n]

    @staticmethod
    def concat(parts: list[np.ndarray]) -> np.ndarray:
        """One training set from several."""
        return np.concatenate(parts)


def run_streams(seed: int, runs: int) -> list[np.random.Generator]:
    """One independent random stream per run; run r's stream does not depend on `runs`."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(runs)]


class _Run:
    """One run, generation by generation: its metric rows, snapshots, and what the next
    generation needs (the model, its last sample, the training pool, the random stream)."""

    def __init__(self, experiment, settings: Settings, rng, keep_snapshots: bool):
        self.experiment, self.settings, self.rng = experiment, settings, rng
        self.keep_snapshots = keep_snapshots
        self.original = experiment.source.original(settings.sample_size, rng)
        self.model = experiment.new_model()
        self.pool = self.original
        self.rows, self.snapshots = [], []
        self._fit_and_measure()

    def _fit_and_measure(self) -> None:
        e = self.experiment
        self.model.fit(self.pool, self.rng)
        self.produced = self.model.sample(self.settings.sample_size, self.rng,
                                          self.settings.temperature)
        self.rows.append(e.measure(self.model, self.produced, self.original))
        if self.keep_snapshots:
            self.snapshots.append(e.snapshot(self.model, self.produced, self.original))

    def advance(self) -> None:
        """The next generation: train on human data and the last generation's output."""
        e, s = self.experiment, self.settings
        n, h = s.sample_size, s.human_count
        human = e.source.human(self.original, h, s.human_data, self.rng)
        training = e.concat([human, e.take(self.produced, n - h)])
        self.pool = e.concat([self.pool, training]) if s.scheme == "accumulate" else training
        self._fit_and_measure()

    def settle(self) -> None:
        """Forget what only a next generation would need (for runs that will not go on)."""
        self.model = self.produced = self.pool = self.rng = None
        if not self.keep_snapshots:
            self.original = None

    @property
    def state_bytes(self) -> int:
        """About how much memory going on needs (its data; the models are small or share it)."""
        return sum(getattr(a, "nbytes", 0) for a in (self.original, self.pool, self.produced))


class Recursion:
    """All runs of one experiment and settings, extended on demand.

    `result(g)` returns exactly what `simulate` returns with `generations=g`: a run's first g
    generations do not depend on how many follow. So asking for fewer generations than were
    computed only slices, and asking for more continues the runs where they stopped, as long
    as what they need to go on fits in `keep_bytes`; if not, they are let go, and a later
    request for more generations starts again. settings.generations is ignored.
    Safe to share between threads.
    """

    def __init__(self, experiment, settings: Settings, keep_bytes: int = 32 * 2**20):
        self.experiment, self.settings, self.keep_bytes = experiment, settings, keep_bytes
        self._runs: list[_Run] = []
        self._settled = False  # the runs were let go of what going on needs
        self._lock = threading.Lock()

    @property
    def generations(self) -> int:
        """The last generation computed so far (-1 before any)."""
        return len(self._runs[0].rows) - 1 if self._runs else -1

    @property
    def can_go_on(self) -> bool:
        """Whether more generations would continue the runs (not start them again)."""
        return bool(self._runs) and not self._settled

    def result(self, generations: int, progress: Callable[[float], None] | None = None
               ) -> Result:
        """Generations 0..`generations` of every run; progress(fraction) of the new work."""
        settings = replace(self.settings, generations=generations)  # checks the value
        with self._lock, threadpool_limits(limits=1):
            # One BLAS/OpenMP thread: on small machines more threads stall the many tiny fits.
            if generations > self.generations:
                try:
                    self._extend(generations, progress)
                except BaseException:
                    self._runs, self._settled = [], False  # runs left at different lengths
                    raise
            count, runs = generations + 1, len(self._runs)
            metrics = pd.DataFrame([row for run in self._runs for row in run.rows[:count]])
            metrics.insert(0, "generation", np.tile(np.arange(count), runs))
            metrics.insert(0, "run", np.repeat(np.arange(runs), count))
            first = self._runs[0]
            example = self.experiment.collect(first.snapshots[:count], first.original)
        return Result(settings, metrics, example)

    def _extend(self, generations: int, progress) -> None:
        if self._settled:
            self._runs, self._settled = [], False
        todo, done = self.settings.runs * (generations - self.generations), 0

        def tick():
            nonlocal done
            done += 1
            if progress is not None:
                progress(done / todo)

        if self._runs:
            for run in self._runs:
                self._advance(run, generations, tick)
        else:  # each run from start to finish before the next
            streams = run_streams(self.settings.seed, self.settings.runs)
            for number, rng in enumerate(streams):
                run = _Run(self.experiment, self.settings, rng, keep_snapshots=number == 0)
                self._runs.append(run)
                tick()
                self._advance(run, generations, tick)

    def _advance(self, run: _Run, generations: int, tick) -> None:
        while len(run.rows) <= generations:
            run.advance()
            tick()
        # Let go as soon as the kept state passes the budget, so that memory stays bounded.
        if self._settled or sum(r.state_bytes for r in self._runs) > self.keep_bytes:
            for kept in self._runs:
                kept.settle()
            self._settled = True


def simulate(
    experiment, settings: Settings, progress: Callable[[float], None] | None = None
) -> Result:
    """Run the recursion settings.runs times; progress(fraction) is called as it goes."""
    once = Recursion(experiment, settings, keep_bytes=0)  # nothing kept: many runs fit
    return once.result(settings.generations, progress)
