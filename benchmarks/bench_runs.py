"""What many runs cost: each model with 1, 10 and 50 runs advanced together (the engine)
against the same runs advanced one at a time (the per-run reference), measured in the same
run; then the phase diagram's engine against running the plain engine cell by cell.

    python benchmarks/bench_runs.py [--quick] [--models gaussian,kde]

The reference gives the same numbers (tests/test_engine.py checks it bit for bit): each run
alone, from its own stream, through the same models. Times are CPU seconds (the machine may
be shared; everything runs on one thread), the median of repeats after a warm-up call.
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
from collapse_core.fast_gaussian import gaussian_variances  # noqa: E402
from collapse_core.phase import HUMAN_FRACTIONS, SAMPLE_SIZES, phase_grid  # noqa: E402
from collapse_core.runs import Runs, run_seeds  # noqa: E402

CASES = {  # model: (sample size, generations); the 1-D sources are the models' defaults
    "gaussian": (100, 100),
    "mixture": (1000, 100),
    "kde": (1000, 50),
    "markov": (2000, 30),
    "digits": (500, 50),
}


def one_at_a_time(experiment, settings: Settings) -> list:
    """The per-run reference: every run advanced alone, one after the other (its metrics)."""
    columns = []
    for run, seed in enumerate(run_seeds(settings.seed, settings.runs)):
        alone = Runs(experiment, settings, [seed], run, example=0 if run == 0 else None)
        columns.append([alone.advance() for _ in range(settings.generations + 1)])
    return columns


def seconds(work, repeats: int) -> float:
    """Median CPU time of `work()` over repeats, after one warm-up call."""
    work()
    return timed(work, repeats)[1]


def runs_table(models, run_counts, repeats: int) -> None:
    print("model     N     G    runs  together  one at a time  ratio  together per run-generation")
    for model in models:
        n, g = CASES[model]
        experiment = build_experiment(model)
        for runs in run_counts:
            settings = Settings(generations=g, sample_size=n, runs=runs)
            together = seconds(lambda e=experiment, s=settings: simulate(e, s), repeats)
            alone = seconds(lambda e=experiment, s=settings: one_at_a_time(e, s), repeats)
            per = together / (runs * (g + 1)) * 1e3
            print(f"{model:<9} {n:<5} {g:<4} {runs:>4} {together:>8.2f}s {alone:>12.2f}s "
                  f"{alone / together:>6.1f}x  {per:.2f} ms", flush=True)


def phase_table(quick: bool, repeats: int) -> None:
    base = Settings(generations=50, runs=10 if quick else 20, human_data="fresh")
    cells = len(SAMPLE_SIZES) * len(HUMAN_FRACTIONS)
    fast = seconds(lambda: phase_grid(base), repeats)
    experiment = build_experiment("gaussian")
    sample = [(10, 0.1), (100, 0.1), (1000, 0.1)]  # the plain engine is timed on 3 cells

    def cell(n, f):
        return Settings(generations=base.generations, sample_size=n, human_fraction=f,
                        human_data="fresh", runs=base.runs)

    plain = seconds(lambda: [simulate(experiment, cell(n, f)) for n, f in sample], 1)
    fast_same = seconds(lambda: [gaussian_variances(cell(n, f), np.random.default_rng(0))
                                 for n, f in sample], repeats)
    plain, fast_same = plain / len(sample), fast_same / len(sample)
    print(f"\nphase diagram: {cells} cells x {base.runs} runs x {base.generations} generations")
    print(f"  whole grid, vectorised engine: {fast:.3f} s ({fast / cells * 1e3:.1f} ms per cell)")
    print(f"  per cell (N = 10, 100, 1000): variances only {fast_same * 1e3:.1f} ms, plain "
          f"engine with every metric {plain * 1e3:.0f} ms, ratio {plain / fast_same:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 and 10 runs, no repeats")
    parser.add_argument("--models", default=",".join(CASES), help="comma-separated models")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    runs_table(args.models.split(","), (1, 10) if args.quick else (1, 10, 50), repeats)
    phase_table(args.quick, repeats)


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
