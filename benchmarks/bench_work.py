"""What the command line's work bound assumes: each model's cost of one generation of one run,
a fixed part plus a part per item, measured now beside collapse_core.work.GENERATION_COST.

    python benchmarks/bench_work.py [--quick] [MODEL ...]

Each model at its default options runs 11 generations at four sample sizes (up to 20 runs for
the small ones); a least-squares fit of CPU seconds per run-generation = fixed + per_item * N,
in relative error, gives the two numbers. After changing the engine, re-run this and update
GENERATION_COST, rounded up: it stands for a modest machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from timing import timed  # noqa: E402

from collapse_core import Settings, build_experiment, simulate  # noqa: E402
from collapse_core.work import GENERATION_COST  # noqa: E402

SIZES = {
    "gaussian": (20, 200, 2000, 50_000),
    "mixture": (20, 200, 2000, 20_000),
    "kde": (20, 200, 2000, 50_000),
    "markov": (100, 1000, 10_000, 50_000),
    "digits": (20, 200, 1000, 4000),
}
GENERATIONS = 10
ITEMS_PER_CASE = 200_000  # runs are chosen so that each case trains on about this many items


def seconds_per_generation(model: str, n: int, repeats: int) -> float:
    """Median CPU seconds of one generation of one run at sample size n."""
    experiment = build_experiment(model)
    runs = max(1, min(20, ITEMS_PER_CASE // (n * (GENERATIONS + 1))))
    settings = Settings(generations=GENERATIONS, sample_size=n, runs=runs)
    simulate(experiment, settings)  # warm-up: imports, caches
    cpu = timed(lambda: simulate(experiment, settings), repeats)[1]
    return cpu / (runs * (GENERATIONS + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one repeat instead of three")
    parser.add_argument("models", nargs="*", metavar="MODEL", help="default: every model")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3

    print("model     measured: per generation  per item   assumed: per generation  per item")
    for model in args.models or SIZES:
        sizes = np.array(SIZES[model], dtype=float)
        cost = np.array([seconds_per_generation(model, int(n), repeats) for n in sizes])
        design = np.column_stack([np.ones_like(sizes), sizes]) / cost[:, None]
        fixed, per_item = np.linalg.lstsq(design, np.ones_like(cost), rcond=None)[0]
        assumed_fixed, assumed_item = GENERATION_COST[model]
        print(f"{model:<10}{fixed * 1e3:>15.2f} ms{per_item * 1e9:>10.0f} ns"
              f"{assumed_fixed * 1e3:>21.2f} ms{assumed_item * 1e9:>10.0f} ns")


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
