"""The settings of the recursion, shared by every model, with their checks."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from collapse_core.filtering import FILTERS, check_ideal_filter

SCHEMES = ("replace", "accumulate")
HUMAN_DATA_KINDS = ("original", "fresh")
MAX_GENERATIONS = 1000
MAX_RUNS = 100_000
# Above this, variances explode past what floating point holds within MAX_GENERATIONS.
MAX_TEMPERATURE = 2.0


def scheduled_share(generation: int, start: float, end: float | None, ramp: int) -> float:
    """The human share of generation g >= 1's training set: f0 + (f1 - f0) min(g - 1, K) / K
    (f0 for good when the end f1 is None)."""
    if end is None:
        return start
    step = min(generation - 1, ramp)
    return end if step == ramp else start + (end - start) * step / ramp


def check_human_data(kind: str) -> None:
    """Raise a clear error unless kind names a kind of human data."""
    if kind not in HUMAN_DATA_KINDS:
        raise ValueError(f"human_data must be 'original' or 'fresh', not {kind!r}")


def rounded_count(share: float, sample_size: int) -> int:
    """round(share * N) items, halves up."""
    return int(share * sample_size + 0.5)


@dataclass(frozen=True)
class Settings:
    """How the recursion runs: generations, sample size, human data (a share that may change
    over the generations), scheme, sampling, a filter against AI content, seed and runs.

    The human share starts at human_fraction and, if human_fraction_end is given, moves to it
    in a straight line over ramp_generations generations, then stays there. filter is "none",
    "ideal" (a detector that catches filter_recall of the AI-made candidates and wrongly
    rejects filter_false_positive of the human ones), "learned" (a classifier trained each
    generation; what it flags is dropped) or "detect" (the same classifier, measured but
    dropping nothing); see collapse_core.filtering.
    """

    generations: int = 20
    sample_size: int = 1000
    human_fraction: float = 0.0
    human_data: str = "original"
    scheme: str = "replace"
    temperature: float = 1.0
    seed: int = 0
    runs: int = 1
    human_fraction_end: float | None = None
    ramp_generations: int = 30
    filter: str = "none"
    filter_recall: float = 0.0
    filter_false_positive: float = 0.0

    def __post_init__(self):
        for name in ("generations", "sample_size", "seed", "runs", "ramp_generations"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise ValueError(f"{name} must be a whole number, not {value!r}")
        if not 0 <= self.generations <= MAX_GENERATIONS:
            raise ValueError(f"generations must be from 0 to {MAX_GENERATIONS}")
        if self.sample_size < 2:
            raise ValueError("sample_size must be at least 2")
        _check_share("human_fraction", self.human_fraction)
        if self.human_fraction_end is not None:
            _check_share("human_fraction_end", self.human_fraction_end)
        if not 1 <= self.ramp_generations <= MAX_GENERATIONS:
            raise ValueError(f"ramp_generations must be from 1 to {MAX_GENERATIONS}")
        check_human_data(self.human_data)
        if self.scheme not in SCHEMES:
            raise ValueError(f"scheme must be 'replace' or 'accumulate', not {self.scheme!r}")
        if not 0 < self.temperature <= MAX_TEMPERATURE:
            raise ValueError(f"temperature must be above 0 and at most {MAX_TEMPERATURE}")
        if self.seed < 0:
            raise ValueError("seed must be a non-negative integer")
        if not 1 <= self.runs <= MAX_RUNS:
            raise ValueError(f"runs must be from 1 to {MAX_RUNS}")
        self._check_filter()

    def _check_filter(self) -> None:
        if self.filter not in FILTERS:
            raise ValueError(f"filter must be one of {', '.join(FILTERS)}, not {self.filter!r}")
        for name in ("filter_recall", "filter_false_positive"):
            _check_share(name, getattr(self, name))
            if getattr(self, name) and self.filter != "ideal":
                raise ValueError(f"{name} applies only to the ideal filter (filter='ideal')")
        if self.filter == "ideal":
            # The count moves in one direction from generation 1 to K + 1 and stays there, and
            # what passes is linear in it: the two ends bound every generation's mix.
            ends = (1,) if self.human_fraction_end is None else (1, self.ramp_generations + 1)
            for generation in ends:
                check_ideal_filter(self.human_count_at(generation), self.sample_size,
                                   self.filter_recall, self.filter_false_positive, generation)

    @property
    def human_count(self) -> int:
        """round(f * N) human items in generation 1's training set (in every later one too,
        unless the share changes: see human_count_at); halves round up."""
        return rounded_count(self.human_fraction, self.sample_size)

    def human_share_at(self, generation: int) -> float:
        """The human share asked for at a generation >= 1 (1.0 at generation 0: the original
        sample is all human)."""
        if generation == 0:
            return 1.0
        return scheduled_share(generation, self.human_fraction, self.human_fraction_end,
                               self.ramp_generations)

    def human_count_at(self, generation: int) -> int:
        """Human items in a generation's training set before any filter (N at generation 0)."""
        return rounded_count(self.human_share_at(generation), self.sample_size)

    def human_counts(self, generations: int) -> np.ndarray:
        """human_count_at(g) for generations 0..`generations`, e.g. to draw the schedule."""
        return np.array([self.human_count_at(g) for g in range(generations + 1)])


def _check_share(name: str, value) -> None:
    """Raise a ValueError naming the parameter unless value is a number in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number between 0 and 1, not {value!r}")
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be between 0 and 1")
