"""What many runs cost: each model at the dashboard's defaults with 1, 10 and 50 runs, and the
phase diagram's vectorised engine against running the plain engine cell by cell.

    python benchmarks/bench_runs.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from timing import timed  # noqa: E402

from collapse_core import Settings, build_experiment, simulate
from collapse_core.fast_gaussian import gaussian_variances
from collapse_core.phase import HUMAN_FRACTIONS, SAMPLE_SIZES, phase_grid

DEFAULTS = {  # the experiment pages' default sample size and generations
    "gaussian": (100, 100),
    "mixture": (1000, 50),
    "kde": (1000, 50),
    "markov": (2000, 30),
}


def seconds(work, repeats: int = 3) -> float:
    """Median wall time of `work()` over a few repeats, after one warm-up call."""
    work()
    return timed(work, repeats)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs and repeats")
    args = parser.parse_args()
    run_counts = (1, 10) if args.quick else (1, 10, 50)
    repeats = 1 if args.quick else 3

    print("model     N      G   " + "".join(f"{r:>4} run(s)" for r in run_counts)
          + "   per run-generation")
    for model, (n, g) in DEFAULTS.items():
        experiment = build_experiment(model)
        times = []
        for runs in run_counts:
            settings = Settings(generations=g, sample_size=n, runs=runs)
            times.append(seconds(lambda e=experiment, s=settings: simulate(e, s), repeats))
        per = times[-1] / (run_counts[-1] * (g + 1)) * 1e3
        print(f"{model:<9}{n:<7}{g:<5}" + "".join(f"{t:>10.3f}s" for t in times)
              + f"   {per:.2f} ms")

    base = Settings(generations=50, runs=10 if args.quick else 20, human_data="fresh")
    cells = len(SAMPLE_SIZES) * len(HUMAN_FRACTIONS)
    fast = seconds(lambda: phase_grid(base), repeats)
    experiment = build_experiment("gaussian")
    sample = [(10, 0.1), (100, 0.1), (1000, 0.1)]  # the plain engine is timed on 3 cells

    def plain_cells():
        for n, f in sample:
            simulate(experiment, Settings(generations=base.generations, sample_size=n,
                                          human_fraction=f, human_data="fresh", runs=base.runs))

    plain = seconds(plain_cells, 1) / len(sample)

    def fast_cells():
        for n, f in sample:
            settings = Settings(generations=base.generations, sample_size=n, human_fraction=f,
                                human_data="fresh", runs=base.runs)
            gaussian_variances(settings, np.random.default_rng(0))

    fast_same = seconds(fast_cells, repeats) / len(sample)
    print(f"\nphase diagram: {cells} cells x {base.runs} runs x {base.generations} generations")
    print(f"  whole grid, vectorised engine: {fast:.3f} s ({fast / cells * 1e3:.1f} ms per cell)")
    print(f"  per cell (N = 10, 100, 1000): vectorised {fast_same * 1e3:.1f} ms, plain engine "
          f"{plain * 1e3:.0f} ms, ratio {plain / fast_same:.0f}x")


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
