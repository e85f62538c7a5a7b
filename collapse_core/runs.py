"""Runs of the recursion advanced together, one generation at a time."""

from __future__ import annotations

import copy
import threading

import numpy as np

from collapse_core.batch import nbytes
from collapse_core.filtering import IdealFilter, filter_stream, unscreened
from collapse_core.learned_filter import LearnedFilter
from collapse_core.settings import Settings


def run_seeds(seed: int, runs: int) -> list[np.random.SeedSequence]:
    """One independent seed per run (np.random.default_rng(it) is its stream); run r's seed
    does not depend on `runs`."""
    return np.random.SeedSequence(seed).spawn(runs)


def make_filter(settings: Settings) -> IdealFilter | LearnedFilter | None:
    """The filter the settings ask for (None: none)."""
    if settings.filter == "ideal":
        return IdealFilter(settings.filter_recall, settings.filter_false_positive)
    if settings.filter in ("learned", "detect"):
        return LearnedFilter(drop=settings.filter == "learned")
    return None


class FirstFits:
    """Generation 0 of runs that differ only in what happens after it (human data, scheme,
    temperature, filter: the strategies of one experiment), drawn and fitted once and handed
    to each: the same experiment, seeds and sample size make the same draws and the same fit,
    and at the same temperature the same first sample and metrics, which are handed on too.
    Each fit is kept until `users` runs have taken it."""

    def __init__(self, users: int):
        self.users = users
        # (first run, runs) -> [fit, {temperature: sample and metrics}, takers so far]
        self._fits: dict[tuple, list] = {}
        self._lock = threading.Lock()

    def __repr__(self):
        return f"FirstFits({len(self._fits)} kept for {self.users} users)"

    def take(self, key: tuple, temperature: float) -> tuple:
        """Copies of the fit kept under `key` and of its sample at `temperature` (None for
        what there is not)."""
        with self._lock:
            kept = self._fits.get(key)
            if kept is None:
                return None, None
            kept[2] += 1
            if kept[2] >= self.users:
                del self._fits[key]
            return copy.deepcopy((kept[0], kept[1].get(temperature)))

    def keep(self, key: tuple, fit) -> None:
        """Keep a copy of a fit for the other users (the first user has it already)."""
        if self.users > 1:
            with self._lock:
                self._fits.setdefault(key, [copy.deepcopy(fit), {}, 1])

    def keep_sample(self, key: tuple, temperature: float, sample) -> None:
        """Keep a copy of what the fit under `key` gave at `temperature` (the streams after
        it, the items, their metrics, the model after sampling) for the users still to take
        it."""
        with self._lock:
            kept = self._fits.get(key)
            if kept is not None:
                kept[1].setdefault(temperature, copy.deepcopy(sample))


class Runs:
    """Runs first .. first + len - 1 of one experiment, advanced together: their metrics come
    out one generation at a time, one value per run; one of them may keep snapshots to draw.

    Each run draws from its own stream in the order a run alone would (its original sample,
    then each generation: human data, fit, sample), and the models compute row by row, so a
    run's numbers do not depend on which runs go with it. A filter draws from a second stream
    of the run's own (filtering.filter_stream) and adds FILTER_METRICS to the metrics.
    """

    def __init__(self, experiment, settings: Settings, seeds: list, first: int = 0,
                 example: int | None = None, first_fits: FirstFits | None = None,
                 log: bool = False):
        self.experiment, self.settings, self.first = experiment, settings, first
        self.first_fits = first_fits
        self.log = [] if log else None  # every generation's metrics, if asked to keep them
        self.size, self.example = len(seeds), example  # example: the position of that run
        self.seeds, self.rngs, self.filter_rngs = seeds, None, None
        self.filter = make_filter(settings)
        self.generation, self.settled = -1, False
        self.snapshots, self.example_original = [], None
        self.original = self.pool = self.produced = self.model = None

    def __len__(self):
        return self.size

    def __repr__(self):
        return (f"Runs({self.first}..{self.first + self.size - 1}, "
                f"generation {self.generation}{', settled' if self.settled else ''})")

    def advance(self) -> dict[str, np.ndarray]:
        """The next generation (generation 0 first); its metrics, one value per run."""
        e, s = self.experiment, self.settings
        screened = first = None
        if self.generation < 0:
            first = self._fit_first()
        else:
            human = s.human_count_at(self.generation + 1)
            if self.filter is None:
                training = self.join(*self.parts(human))
            else:
                training, screened = self.filter.training(self, human)
            self.pool = e.concat([self.pool, training]) if s.scheme == "accumulate" else training
            self.model.fit(self.pool, self.rngs)
        if first is None:
            self.produced = self.model.sample(s.sample_size, self.rngs, s.temperature)
        else:
            self.rngs, self.produced, _, self.model = first
        if self.example is not None:
            self.snapshots.append(e.snapshot(self.model, self.produced, self.original,
                                             self.example))
        self.generation += 1  # after the snapshot: readers trust `generation` without a lock
        if first is not None:
            metrics = first[2]
        else:
            metrics = e.measure(self.model, self.produced, self.original)
            if self.generation == 0 and self.first_fits is not None:
                # The model too: sampling may leave state a next fit reads (hiring's errors).
                self.first_fits.keep_sample((self.first, self.size), s.temperature,
                                            (self.rngs, self.produced, metrics, self.model))
        if self.filter is not None:
            metrics.update(unscreened(self.size) if screened is None else screened)
        if self.log is not None:
            self.log.append(metrics)
        return metrics

    def _fit_first(self) -> tuple | None:
        """Generation 0's draws and fit: each run's original sample and the first model (taken
        from first_fits if another Runs has made them); what that fit gave at this
        temperature, if another Runs has sampled it (the streams after it, items, metrics)."""
        e, key = self.experiment, (self.first, self.size)
        shared, sample = (self.first_fits.take(key, self.settings.temperature)
                          if self.first_fits is not None else (None, None))
        if shared is None:
            self.rngs = [np.random.default_rng(seed) for seed in self.seeds]
            self.original = e.stack([e.source.original(self.settings.sample_size, rng)
                                     for rng in self.rngs])
            self.model = e.new_model().fit(self.original, self.rngs)
            if self.first_fits is not None:
                self.first_fits.keep(key, (self.rngs, self.original, self.model))
        else:
            self.rngs, self.original, self.model = shared
        if self.filter is not None:
            self.filter_rngs = [filter_stream(seed) for seed in self.seeds]
        self.pool = self.original
        if self.example is not None:
            self.example_original = self.original[self.example]
        return sample

    def parts(self, human: int) -> tuple[object, object]:
        """The unfiltered training set's two parts: `human` human items per run (None if
        none; drawing none takes nothing from the streams) and the previous model's first
        N - human items."""
        e, s = self.experiment, self.settings
        produced = e.take(self.produced, s.sample_size - human)
        if not human:
            return None, produced
        return e.stack([e.source.human(self.original[i], human, s.human_data, rng)
                        for i, rng in enumerate(self.rngs)]), produced

    def join(self, human, produced):
        """A training set from its parts (human items first)."""
        return produced if human is None else self.experiment.concat([human, produced])

    def collect(self, generations: int) -> dict:
        """The example run's snapshots of generations 0..`generations`, ready to draw."""
        return self.experiment.collect(self.snapshots[: generations + 1], self.example_original)

    def settle(self) -> None:
        """Forget what only a next generation would need (for runs that will not go on)."""
        self.model = self.produced = self.pool = self.original = self.rngs = self.seeds = None
        self.filter_rngs = None
        self.settled = True

    @property
    def state_bytes(self) -> int:
        """About how much memory going on needs (the data; the models are small or share it)."""
        return sum(nbytes(items) for items in (self.original, self.pool, self.produced))
