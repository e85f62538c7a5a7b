"""collapse_core: toy generative models retrained on their own output, and what they forget.

    >>> from collapse_core import Settings, build_experiment, simulate
    >>> result = simulate(build_experiment("gaussian"), Settings(generations=10, seed=1))
    >>> result.metrics[["generation", "std"]].shape
    (11, 2)
"""

from collapse_core.experiments import MODELS, build_experiment
from collapse_core.recursion import Result, simulate
from collapse_core.settings import Settings

__all__ = ["MODELS", "Result", "Settings", "build_experiment", "simulate"]
