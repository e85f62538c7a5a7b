"""The settings of the recursion, shared by every model, with their checks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.sources import check_human_data

SCHEMES = ("replace", "accumulate")
MAX_GENERATIONS = 1000
MAX_RUNS = 100_000
# Above this, variances explode past what floating point holds within MAX_GENERATIONS.
MAX_TEMPERATURE = 2.0


@dataclass(frozen=True)
class Settings:
    """How the recursion runs: generations, sample size, human data, scheme, sampling, seed."""

    generations: int = 20
    sample_size: int = 1000
    human_fraction: float = 0.0
    human_data: str = "original"
    scheme: str = "replace"
    temperature: float = 1.0
    seed: int = 0
    runs: int = 1

    def __post_init__(self):
        for name in ("generations", "sample_size", "seed", "runs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise ValueError(f"{name} must be a whole number, not {value!r}")
        if not 0 <= self.generations <= MAX_GENERATIONS:
            raise ValueError(f"generations must be from 0 to {MAX_GENERATIONS}")
        if self.sample_size < 2:
            raise ValueError("sample_size must be at least 2")
        if not 0.0 <= self.human_fraction <= 1.0:
            raise ValueError("human_fraction must be between 0 and 1")
        check_human_data(self.human_data)
        if self.scheme not in SCHEMES:
            raise ValueError(f"scheme must be 'replace' or 'accumulate', not {self.scheme!r}")
        if not 0 < self.temperature <= MAX_TEMPERATURE:
            raise ValueError(f"temperature must be above 0 and at most {MAX_TEMPERATURE}")
        if self.seed < 0:
            raise ValueError("seed must be a non-negative integer")
        if not 1 <= self.runs <= MAX_RUNS:
            raise ValueError(f"runs must be from 1 to {MAX_RUNS}")

    @property
    def human_count(self) -> int:
        """round(f * N) human items in each training set after generation 0 (halves round up)."""
        return int(self.human_fraction * self.sample_size + 0.5)
