"""What filtering AI content costs: each model's plain recursion against the same runs with
the ideal filter, with the learned detector only watching (it learns and judges the training
set each generation) and with the learned filter (it also screens batches of new candidates),
measured in the same run.

    python benchmarks/bench_filter.py [--quick] [--models gaussian,kde]

Every run has 20% fresh human data (so that there are human candidates to reject); the ideal
filter catches 90% of the AI-made items. Times are CPU seconds per (run, generation), the
median of repeats after a warm-up call (which also imports scikit-learn); everything runs on
one thread.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from timing import timed  # noqa: E402

from collapse_core import Settings, build_experiment, simulate  # noqa: E402

CASES = {  # model: (sample size, generations), as the CLI's defaults or close to them
    "gaussian": (100, 30),
    "mixture": (1000, 20),
    "kde": (1000, 20),
    "markov": (2000, 10),
    "digits": (500, 10),
}
FILTERS = {
    "ideal (90%)": {"filter": "ideal", "filter_recall": 0.9},
    "learned, watching": {"filter": "detect"},
    "learned filter": {"filter": "learned"},
}


def per_run_generation(experiment, settings: Settings, repeats: int) -> float:
    """Median CPU milliseconds per (run, generation) of simulate, after a warm-up call."""
    simulate(experiment, replace(settings, generations=1, runs=1))
    cpu = timed(lambda: simulate(experiment, settings), repeats)[1]
    return cpu / (settings.runs * (settings.generations + 1)) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer generations, no repeats")
    parser.add_argument("--models", default=",".join(CASES), help="comma-separated models")
    args = parser.parse_args()
    repeats, runs = (1, 2) if args.quick else (3, 4)
    print(f"{runs} runs, 20% fresh human data; ms of CPU per (run, generation), and the ratio "
          "to the plain recursion")
    print(f"{'model':<9} {'N':>5} {'G':>3}  {'plain':>8}  "
          + "  ".join(f"{name:>24}" for name in FILTERS))
    for model in args.models.split(","):
        n, generations = CASES[model]
        if args.quick:
            generations = max(2, generations // 4)
        experiment = build_experiment(model)
        base = Settings(generations=generations, sample_size=n, runs=runs, seed=1,
                        human_fraction=0.2, human_data="fresh")
        plain = per_run_generation(experiment, base, repeats)
        cells = []
        for options in FILTERS.values():
            cost = per_run_generation(experiment, replace(base, **options), repeats)
            cells.append(f"{cost:>9.2f} ms {cost / plain:>8.1f}x")
        print(f"{model:<9} {n:>5} {generations:>3}  {plain:>5.2f} ms  " + "  ".join(
            f"{cell:>24}" for cell in cells), flush=True)


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
