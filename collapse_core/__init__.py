"""collapse_core: toy generative models retrained on their own output, and what they forget.

    >>> from collapse_core import Settings, build_experiment, simulate
    >>> result = simulate(build_experiment("gaussian"), Settings(generations=10, seed=1))
    >>> result.metrics[["generation", "std"]].shape
    (11, 2)

A Recursion gives any number of generations of the same runs, computing only what is new:

    >>> from collapse_core import Recursion
    >>> runs = Recursion(build_experiment("gaussian"), Settings(seed=1))
    >>> runs.result(10).metrics.equals(result.metrics), runs.result(30).settings.generations
    (True, 30)

Within a time budget, `extend` computes what it can (at least a generation) and says how far
every run has got; `example` gives the snapshots of any run, computed alone:

    >>> import time
    >>> runs.extend(1000, deadline=time.perf_counter()) > 30, runs.example(0, 10)["density"].shape
    (True, (11, 240))
"""

from collapse_core.experiments import MODELS, build_experiment
from collapse_core.recursion import Recursion, Result, simulate
from collapse_core.settings import Settings

__all__ = ["MODELS", "Recursion", "Result", "Settings", "build_experiment", "simulate"]
