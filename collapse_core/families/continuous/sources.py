"""Sources of human data for the 1-D experiments: distributions we know exactly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.families.continuous.distributions import Mixture1D
from collapse_core.settings import check_human_data

PRESETS: dict[str, tuple[str, Mixture1D]] = {
    "bell": ("One bell curve: most values near 0.", Mixture1D([1.0], [0.0], [1.0])),
    "three-modes": (
        "Three groups of values; the smallest holds only 10% of the data.",
        Mixture1D([0.6, 0.3, 0.1], [-4.0, 0.0, 6.0], [1.0, 1.0, 1.0]),
    ),
    "two-groups": (
        "A majority (90%) and a minority (10%) that sits apart.",
        Mixture1D([0.9, 0.1], [0.0, 4.0], [1.0, 1.0]),
    ),
    "heavy-tail": (
        "Most values near 0, and now and then an extreme one.",
        Mixture1D([0.85, 0.15], [0.0, 0.0], [1.0, 4.0]),
    ),
}

# Sources with a small group apart from the rest (the rare group a model forgets first).
RARE_GROUP_SOURCES = ("three-modes", "two-groups")


@dataclass(frozen=True)
class ContinuousSource:
    """A named 1-D distribution that produces human data."""

    name: str
    description: str
    distribution: Mixture1D

    @property
    def rarest_component(self) -> int:
        """Index of the component with the smallest weight (the rare mode)."""
        return int(np.argmin(self.distribution.weights))

    def rare_mode_interval(self) -> tuple[float, float]:
        """The rarest component's mean +- 2 standard deviations."""
        k = self.rarest_component
        mean, sd = self.distribution.means[k], self.distribution.sds[k]
        return float(mean - 2 * sd), float(mean + 2 * sd)

    def original(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """The original sample: n draws from the distribution."""
        return self.distribution.sample(n, rng)

    def human(
        self, original: np.ndarray, n: int, kind: str, rng: np.random.Generator
    ) -> np.ndarray:
        """n human items: drawn from the kept original sample, or fresh from the source."""
        check_human_data(kind)
        if kind == "fresh":
            return self.distribution.sample(n, rng)
        return rng.choice(original, size=n, replace=False)

    @staticmethod
    def concat(parts: list[np.ndarray]) -> np.ndarray:
        """One training set from several."""
        return np.concatenate(parts)


def continuous_source(name: str) -> ContinuousSource:
    """The preset source called name ('bell', 'three-modes', 'two-groups', 'heavy-tail')."""
    if name not in PRESETS:
        raise ValueError(f"unknown source {name!r}; choose one of {', '.join(PRESETS)}")
    description, distribution = PRESETS[name]
    return ContinuousSource(name, description, distribution)
