"""Time the hiring experiment against a naive scikit-learn loop doing the same work, in one run.

    python benchmarks/bench_hiring.py           # the page's defaults: 20 runs, N = 1000, G = 20
    python benchmarks/bench_hiring.py --quick   # fewer repeats

ours:  simulate(HiringExperiment(), Settings(...)) - every run's logistic regression fitted at
       once by Newton's method in numpy, applicants drawn and decided in numpy, every metric
       and the example run's snapshots.
alone: the same engine, one run at a time (the same numbers bit for bit): what batching gains.
naive: a plain loop, run after run: scikit-learn's LogisticRegression (C = 1, lbfgs) fitted on
       the last decisions, predict_proba on this year's applicants, argmax; it computes the
       hiring rates only, so the comparison flatters it.
Then each generation's cost for one run, a fixed part and a part per item (from N = 250 and
N = 4000, 20 runs together), beside the card's cost (collapse_core.families.hiring.card).
One BLAS/OpenMP thread, as the app. CPU seconds (time.process_time), median of repeats.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed  # noqa: E402

from collapse_core import Settings, simulate  # noqa: E402
from collapse_core.families.hiring.card import HIRING  # noqa: E402
from collapse_core.families.hiring.experiment import HiringExperiment  # noqa: E402
from collapse_core.families.hiring.population import Applicants  # noqa: E402

RUNS, N, G = 20, 1000, 20


def ours(runs: int, n: int, generations: int):
    """The engine, all runs together, as the page calls it."""
    return simulate(HiringExperiment(), Settings(generations=generations, sample_size=n,
                                                 runs=runs))


def alone(runs: int, n: int, generations: int):
    """The engine, one run at a time."""
    return [simulate(HiringExperiment(), Settings(generations=generations, sample_size=n,
                                                  runs=1, seed=run)) for run in range(runs)]


def naive(runs: int, n: int, generations: int) -> list[list[float]]:
    """Run after run, a fresh scikit-learn LogisticRegression each generation."""
    from sklearn.linear_model import LogisticRegression

    source, rates = Applicants(), []
    for run in range(runs):
        rng = np.random.default_rng(run)
        items, run_rates = source.original(n, rng), []
        for _ in range(generations + 1):
            model = LogisticRegression(C=1.0).fit(items[:, :2], items[:, 2])
            group, score = source.draw(n, 0.2, rng)
            x = np.stack([group, score], axis=1)
            decision = (model.predict_proba(x)[:, 1] > 0.5).astype(float)
            items = np.stack([group, score, decision], axis=1)
            run_rates.append([decision[group == g].mean() for g in (0, 1)])
        rates.append(run_rates)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    repeats = 3 if parser.parse_args().quick else 7
    ours(2, 100, 1), naive(1, 100, 1)  # warm: imports
    cpu = {name: timed(lambda f=f: f(RUNS, N, G), repeats)[1]
           for name, f in (("ours", ours), ("alone", alone), ("naive", naive))}
    per = RUNS * (G + 1)
    print(f"{RUNS} runs x {G + 1} generations x N = {N}, CPU seconds (ms per run-generation):")
    for name in ("ours", "alone", "naive"):
        print(f"  {name:<6}{cpu[name]:>7.3f} s  ({1e3 * cpu[name] / per:.3f} ms)"
              f"  naive / {name}: {cpu['naive'] / cpu[name]:.1f}x")
    small, large = 250, 4000
    t_small = timed(lambda: ours(RUNS, small, G), repeats)[1] / per
    t_large = timed(lambda: ours(RUNS, large, G), repeats)[1] / per
    per_item = (t_large - t_small) / (large - small)
    fixed = t_small - per_item * small
    print(f"one run-generation: {1e3 * fixed:.3f} ms + {1e6 * per_item:.3f} us per item "
          f"(card: {1e3 * HIRING.cost.fixed:.3f} ms + {1e6 * HIRING.cost.per_item:.3f} us)")


if __name__ == "__main__":
    main()
