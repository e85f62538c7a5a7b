"""Time a generation of the tiny neural network against scikit-learn's MLPClassifier doing the
same training, in one run; and measure the family card's cost per generation.

    python benchmarks/bench_neural.py           # names and Chinese words
    python benchmarks/bench_neural.py --quick   # fewer repeats

Training (the card's defaults: 3 characters of context, 64 tanh units, 25 passes of Adam in
minibatches of 128, learning rate 0.02, on N items drawn from the list):
ours:  CharMLP.fit - numpy, a shared embedding of 8 numbers per character;
naive: sklearn.neural_network.MLPClassifier with the same hidden layer, solver, batch, rate and
       passes, on one-hot contexts (K x V inputs: it has no embedding), random_state fixed.
Then one whole generation of the engine (fit, 400 inventions, every metric) at N = 100 and
N = 800, whose straight line gives the card's (seconds, seconds per item), and what the learned
filter adds to a generation (20% fresh human data) at N = 100 and N = 800. One BLAS/OpenMP
thread; wall and CPU seconds (time.process_time), median of repeats.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed  # noqa: E402

from collapse_core import Settings  # noqa: E402
from collapse_core.families.neural.card import NEURAL  # noqa: E402
from collapse_core.families.neural.mlp import encode, examples  # noqa: E402
from collapse_core.families.neural.wordlists import BUILTIN_LISTS  # noqa: E402
from collapse_core.runs import Runs, run_seeds  # noqa: E402

N = NEURAL.sample_size


def naive(experiment, items: np.ndarray, seed: int = 0):
    """MLPClassifier on one-hot contexts, trained as ours is."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    net = experiment.new_network()
    contexts, targets = examples(encode(items, net.alphabet), net.context)
    x = np.zeros((len(targets), net.context * net.n_outputs), dtype=np.float32)
    x[np.arange(len(targets))[:, None], contexts + np.arange(net.context) * net.n_outputs] = 1
    mlp = MLPClassifier((net.hidden,), activation="tanh", solver="adam", batch_size=net.batch,
                        learning_rate_init=net.lr, max_iter=net.epochs, random_state=seed,
                        n_iter_no_change=net.epochs + 1, tol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return mlp.fit(x, targets)


def generation_seconds(experiment, n: int, repeats: int) -> float:
    """Median CPU seconds of a whole generation 0 of one run (a fresh Runs each time)."""
    def once():
        Runs(experiment, Settings(sample_size=n), run_seeds(0, 1)).advance()
    return timed(once, repeats)[1]


def filter_seconds(experiment, n: int, repeats: int) -> float:
    """Median CPU seconds the learned filter adds to generation 1 of one run (20% fresh human
    data), against the same generation without it."""
    def second_generation(kind: str) -> float:
        settings = Settings(sample_size=n, human_fraction=0.2, human_data="fresh", filter=kind)
        runs = Runs(experiment, settings, run_seeds(0, 1))
        runs.advance()
        start = time.process_time()
        runs.advance()
        return time.process_time() - start

    return statistics.median(second_generation("learned") - second_generation("none")
                             for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    repeats = 3 if parser.parse_args().quick else 7
    print(f"{'list':<10}{'N':>5}  {'ours wall':>10}{'ours CPU':>10}  {'naive wall':>11}"
          f"{'naive CPU':>10}  {'CPU ratio':>9}   card cost (s, s per item)   filter N=100, 800")
    for corpus in BUILTIN_LISTS:
        experiment = NEURAL.experiment(corpus=corpus)
        items = experiment.source.original(N, np.random.default_rng(0))
        naive(experiment, items[:50])  # warm-up: scikit-learn's import
        rng = np.random.default_rng(1)
        our_wall, our_cpu = timed(lambda e=experiment, x=items, r=rng: e.new_network().fit(x, r),
                                  repeats)
        naive_wall, naive_cpu = timed(lambda e=experiment, x=items: naive(e, x),
                                      max(1, repeats // 2))
        small, large = (generation_seconds(experiment, n, repeats) for n in (100, 800))
        per_item = (large - small) / 700
        filtered = [filter_seconds(experiment, n, repeats) for n in (100, 800)]
        print(f"{corpus:<10}{N:>5}  {our_wall:>9.3f}s{our_cpu:>9.3f}s  {naive_wall:>10.3f}s"
              f"{naive_cpu:>9.3f}s  {naive_cpu / our_cpu:>8.1f}x   "
              f"({small - 100 * per_item:.3f}, {per_item * 1e3:.3f}e-3)   "
              f"{filtered[0]:.3f}s, {filtered[1]:.3f}s")


if __name__ == "__main__":
    main()
