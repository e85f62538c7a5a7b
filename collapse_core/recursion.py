"""The recursion: fit a model, sample from it, refit on the samples, and measure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


def _one_run(experiment, settings: Settings, rng, keep_snapshots: bool, tick) -> tuple:
    """Generations 0..G of one run: metric rows, and snapshots if asked for."""
    n, h = settings.sample_size, settings.human_count
    original = experiment.source.original(n, rng)
    model = experiment.new_model()
    training, pool = original, original
    rows, snapshots = [], []
    for generation in range(settings.generations + 1):
        model.fit(pool, rng)
        produced = model.sample(n, rng, settings.temperature)
        rows.append(experiment.measure(model, produced, original))
        if keep_snapshots:
            snapshots.append(experiment.snapshot(model, produced, original))
        tick()
        if generation == settings.generations:
            break
        human = experiment.source.human(original, h, settings.human_data, rng)
        training = experiment.concat([human, experiment.take(produced, n - h)])
        pool = experiment.concat([pool, training]) if settings.scheme == "accumulate" else training
    return rows, snapshots, original


def simulate(
    experiment, settings: Settings, progress: Callable[[float], None] | None = None
) -> Result:
    """Run the recursion settings.runs times; progress(fraction) is called as it goes."""
    total = settings.runs * (settings.generations + 1)
    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress is not None:
            progress(done / total)

    frames, example = [], {}
    # One BLAS/OpenMP thread: on small machines more threads stall the many tiny fits.
    with threadpool_limits(limits=1):
        for run, rng in enumerate(run_streams(settings.seed, settings.runs)):
            rows, snapshots, original = _one_run(experiment, settings, rng, run == 0, tick)
            frame = pd.DataFrame(rows)
            frame.insert(0, "generation", np.arange(len(rows)))
            frame.insert(0, "run", run)
            frames.append(frame)
            if run == 0:
                example = experiment.collect(snapshots, original)
    return Result(settings, pd.concat(frames, ignore_index=True), example)
