"""Time the digits experiment against a naive scikit-learn loop doing the same work, in one run.

    python benchmarks/bench_digits.py           # page defaults and N = 1000, G = 50
    python benchmarks/bench_digits.py --quick   # fewer repeats

Cases (10 latent dimensions, 10 components, pure self-training, one run):
  page defaults  N = 500, 50 generations;
  larger         N = 1000, 50 generations.
ours:  simulate(build_experiment("digits"), Settings(...)) - PCA in numpy, EM warm-started from
       the previous generation (k-means only for generation 0), sampling in numpy, and every
       metric (digit mix, diversity, distance from real digits, sharpness) plus the snapshots.
naive: a plain loop - a fresh sklearn PCA + GaussianMixture (default k-means initialisation)
       each generation, gm.sample(N), inverse_transform, clip, classifier.predict. It computes
       no other metric, so the comparison flatters it.
First the cold call (scikit-learn imports, loading the digits, training the classifier), then
warm calls. Both sides run with one BLAS/OpenMP thread, as the app does. Wall-clock and CPU
seconds (time.process_time; a busy shared machine inflates wall time), median of repeats.
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

DIMS, COMPONENTS = 10, 10
CASES = {"page defaults": (500, 50), "larger": (1000, 50)}


def ours(n: int, generations: int, seed: int = 0):
    """The engine, as the page calls it."""
    return simulate(build_experiment("digits", latent_dims=DIMS, components=COMPONENTS),
                    Settings(generations=generations, sample_size=n, seed=seed))


def naive(n: int, generations: int, seed: int = 0) -> list[np.ndarray]:
    """A plain scikit-learn loop: fresh PCA + GaussianMixture every generation."""
    from sklearn.decomposition import PCA
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    from collapse_core.families.digits.metrics import classifier
    from collapse_core.families.digits.model import real_digits

    rng = np.random.default_rng(seed)
    pool = real_digits().images
    x = pool[rng.choice(len(pool), n, replace=False)]
    clf, mixes = classifier(), []
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(generations + 1):
            pca = PCA(DIMS).fit(x)
            gm = GaussianMixture(COMPONENTS, covariance_type="full", reg_covar=1e-3,
                                 random_state=int(rng.integers(2**31 - 1))).fit(pca.transform(x))
            latent, _ = gm.sample(n)
            x = np.clip(pca.inverse_transform(latent), 0, 16)
            mixes.append(np.bincount(clf.predict(x / 16), minlength=10))
    return mixes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    repeats = 3 if parser.parse_args().quick else 7

    start, cpu = time.perf_counter(), time.process_time()
    ours(200, 1)
    print(f"cold first call (imports, digits, classifier): {time.perf_counter() - start:.2f} s "
          f"wall, {time.process_time() - cpu:.2f} s CPU")
    naive(200, 1)
    print(f"{'case':<15}{'N':>6}{'G':>4}  {'ours wall':>10}{'ours CPU':>10}  "
          f"{'naive wall':>11}{'naive CPU':>10}  {'CPU ratio':>9}")
    for name, (n, g) in CASES.items():
        our_wall, our_cpu = timed(lambda n=n, g=g: ours(n, g), repeats)
        naive_wall, naive_cpu = timed(lambda n=n, g=g: naive(n, g), max(1, repeats // 2))
        print(f"{name:<15}{n:>6}{g:>4}  {our_wall:>9.2f}s{our_cpu:>9.2f}s  "
              f"{naive_wall:>10.2f}s{naive_cpu:>9.2f}s  {naive_cpu / our_cpu:>8.1f}x")


if __name__ == "__main__":
    main()
