"""The recursion as first written, one run after the other: the oracle of the engine's tests.

The engine (collapse_core.runs) advances all runs together; this loop advances one run at a
time, from its own stream, with the same models fed one run (a batch of one).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collapse_core.runs import run_seeds
from collapse_core.settings import Settings


def one_run(experiment, settings: Settings, run: int) -> tuple[list[dict], list, object]:
    """Run `run` alone for settings.generations generations: a metrics row per generation,
    its snapshots and its original sample."""
    e, n = experiment, settings.sample_size
    rng = np.random.default_rng(run_seeds(settings.seed, settings.runs)[run])
    original = e.stack([e.source.original(n, rng)])
    model, pool, produced, rows, snapshots = e.new_model(), original, None, [], []
    for generation in range(settings.generations + 1):
        if generation:
            h = settings.human_count_at(generation)
            human = e.stack([e.source.human(original[0], h, settings.human_data, rng)])
            training = e.concat([human, e.take(produced, n - h)])
            pool = e.concat([pool, training]) if settings.scheme == "accumulate" else training
        model.fit(pool, [rng])
        produced = model.sample(n, [rng], settings.temperature)
        metrics = e.measure(model, produced, original)
        rows.append({"run": run, "generation": generation,
                     **{name: values[0] for name, values in metrics.items()}})
        snapshots.append(e.snapshot(model, produced, original, 0))
    return rows, snapshots, original[0]


def per_run(experiment, settings: Settings) -> tuple[pd.DataFrame, dict]:
    """Every run's metrics, one run after the other, and run 0's snapshots ready to draw."""
    rows, example = [], None
    for run in range(settings.runs):
        run_rows, snapshots, original = one_run(experiment, settings, run)
        rows += run_rows
        if run == 0:
            example = experiment.collect(snapshots, original)
    return pd.DataFrame(rows), example
