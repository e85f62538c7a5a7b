"""Time the recursion engine against naive scikit-learn loops doing the same work, in one run.

    python benchmarks/bench_engine.py           # the full comparison (a minute or two)
    python benchmarks/bench_engine.py --quick   # smaller N and G, a few seconds

Cases
  mixture   N = 10,000, 100 generations, 3 components, pure self-training.
            ours:  simulate(build_experiment("mixture"), Settings(...)) - fits, samples, every
                   metric and the density snapshots on the display grid;
            naive: GaussianMixture(3).fit + .sample(N) + score_samples on a 400-point grid.
  kde       N = 10,000, 100 generations.
            ours:  simulate(build_experiment("kde"), Settings(...));
            naive: KernelDensity(bandwidth=1.06 sd n^-1/5).fit + .sample(N) + score_samples
                   on a 400-point grid.
  gaussian  dashboard defaults (N = 100, 100 generations).
            naive: numpy mean/std fit + normal draws + the density on a 400-point grid
                   (no metrics: a floor, not a fair rival).
Then each model at dashboard-like defaults (gaussian N=100 G=100, mixture and kde N=1000
G=50), first call (which pays scikit-learn's import) and warm (median of repeats).

Both sides run with one BLAS/OpenMP thread (OMP_NUM_THREADS and threadpoolctl), as the app does.
Times are wall-clock seconds from time.perf_counter; warm-up call first, then the median.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed  # noqa: E402

from collapse_core import Settings, build_experiment, simulate  # noqa: E402
from collapse_core.families.continuous.sources import continuous_source  # noqa: E402

GRID_POINTS = 400
TARGETS = {"mixture": 3.0, "kde": 30.0}


def _grid(source_name: str) -> np.ndarray:
    dist = continuous_source(source_name).distribution
    lo, hi = dist.quantile(0.0005), dist.quantile(0.9995)
    return np.linspace(lo - 0.25 * (hi - lo), hi + 0.25 * (hi - lo), GRID_POINTS)


# --- naive reference loops ------------------------------------------------------------------


def naive_mixture(n: int, generations: int, seed: int = 0) -> np.ndarray:
    """A plain scikit-learn loop: fit, sample, score a grid, every generation."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    rng = np.random.default_rng(seed)
    x = continuous_source("three-modes").original(n, rng).reshape(-1, 1)
    grid = _grid("three-modes").reshape(-1, 1)
    densities = []
    for g in range(generations + 1):
        gm = GaussianMixture(3, random_state=seed + g)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            gm.fit(x)
        densities.append(np.exp(gm.score_samples(grid)))
        x = gm.sample(n)[0]
    return np.array(densities)


def naive_kde(n: int, generations: int, seed: int = 0) -> np.ndarray:
    """A plain scikit-learn loop with Scott's rule scaled by the data's spread."""
    from sklearn.neighbors import KernelDensity

    rng = np.random.default_rng(seed)
    x = continuous_source("three-modes").original(n, rng).reshape(-1, 1)
    grid = _grid("three-modes").reshape(-1, 1)
    densities = []
    for g in range(generations + 1):
        bandwidth = 1.06 * float(x.std(ddof=1)) * n ** (-0.2)
        kd = KernelDensity(bandwidth=bandwidth).fit(x)
        densities.append(np.exp(kd.score_samples(grid)))
        x = kd.sample(n, random_state=seed + g)
    return np.array(densities)


def naive_gaussian(n: int, generations: int, seed: int = 0) -> np.ndarray:
    """Fit mean and sd with numpy, draw, and evaluate the density on a grid."""
    rng = np.random.default_rng(seed)
    x = continuous_source("bell").original(n, rng)
    grid = _grid("bell")
    densities = []
    for _ in range(generations + 1):
        mean, sd = x.mean(), x.std()
        densities.append(np.exp(-0.5 * ((grid - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi)))
        x = mean + sd * rng.standard_normal(n)
    return np.array(densities)


NAIVE = {"mixture": naive_mixture, "kde": naive_kde, "gaussian": naive_gaussian}


# --- ours ------------------------------------------------------------------------------------


def ours(model: str, n: int, generations: int):
    experiment = build_experiment(model)
    settings = Settings(generations=generations, sample_size=n, seed=0)
    return lambda: simulate(experiment, settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller N and G (a smoke test)")
    args = parser.parse_args(argv)
    big_n, big_g = (2000, 20) if args.quick else (10_000, 100)
    repeats_ours, repeats_naive = 3, 1  # the naive loops take 5-20 s: one run is enough

    rows = []
    with threadpool_limits(limits=1):
        # Dashboard-like defaults first: the very first mixture call pays sklearn's import.
        dashboard = {"gaussian": (100, 100), "mixture": (1000, 50), "kde": (1000, 50)}
        first, warm = {}, {}
        for model, (n, g) in dashboard.items():
            call = ours(model, n, g)
            start = time.perf_counter()
            call()
            first[model] = time.perf_counter() - start
            warm[model] = timed(call, 7)

        cases = [("mixture", big_n, big_g), ("kde", big_n, big_g), ("gaussian", 100, 100)]
        for model, n, g in cases:
            call = ours(model, n, g)
            call()  # warm-up
            t_ours, c_ours = timed(call, repeats_ours)
            naive = NAIVE[model]
            naive(min(n, 500), 2)  # warm-up (imports, first-call costs)
            repeats = repeats_naive if model != "gaussian" else 7
            t_naive, c_naive = timed(lambda naive=naive, n=n, g=g: naive(n, g), repeats)
            rows.append((f"{model} N={n} G={g}", t_ours, t_naive, c_ours, c_naive,
                         TARGETS.get(model)))

    print(f"{'case':<24} {'ours (s)':>9} {'naive (s)':>10} {'ratio':>7}   "
          f"{'cpu ours':>9} {'cpu naive':>10} {'ratio':>7}  target")
    for case, t_ours, t_naive, c_ours, c_naive, target in rows:
        ratio, cpu_ratio = t_naive / t_ours, c_naive / c_ours
        verdict = "" if target is None else (f">= {target:g}x " +
                                             ("ok" if ratio >= target else "MISSED"))
        print(f"{case:<24} {t_ours:>9.3f} {t_naive:>10.3f} {ratio:>6.1f}x   "
              f"{c_ours:>9.3f} {c_naive:>10.3f} {cpu_ratio:>6.1f}x  {verdict}")
    if args.quick:
        print("(--quick: N and G are smaller, so the speed-up targets do not apply)")
    print()
    print(f"{'dashboard defaults':<24} {'first (s)':>9} {'warm (s)':>10} {'cpu (s)':>8}"
          "  target: warm < 0.1 s")
    for model, (n, g) in dashboard.items():
        verdict = "ok" if warm[model][0] < 0.1 else "MISSED"
        label = f"{model} N={n} G={g}"
        print(f"{label:<24} {first[model]:>9.3f} {warm[model][0]:>10.3f} {warm[model][1]:>8.3f}"
              f"  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
