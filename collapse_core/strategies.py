"""Remedies against collapse, each tied to the advice it tests, and how to rank them."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from collapse_core.settings import Settings


@dataclass(frozen=True)
class Strategy:
    """A way of running the recursion, the advice it stands for, and who gave that advice."""

    key: str
    name: str  # may contain {x}: the human data share, e.g. "Keep {x} of the original data"
    advice: str
    reference: str
    uses_fraction: bool = False
    scheme: str = "replace"
    human_data: str = "original"
    temperature: float = 1.0

    def label(self, fraction: float) -> str:
        """The name with the human data share filled in."""
        return self.name.format(x=f"{fraction:.0%}")

    def settings(self, base: Settings, fraction: float) -> Settings:
        """The base settings (size, generations, runs, seed) run this strategy's way."""
        return replace(base, human_fraction=fraction if self.uses_fraction else 0.0,
                       human_data=self.human_data, scheme=self.scheme,
                       temperature=self.temperature)


STRATEGIES = (
    Strategy("self", "Pure self-training", "The baseline: each model learns only from the "
             "previous model's output.", "Shumailov et al., 2024"),
    Strategy("keep", "Keep {x} original data", "Retain the original human data in every "
             "training set.", "Shumailov et al., 2024", uses_fraction=True),
    Strategy("fresh", "{x} fresh human data", "Introduce new human data every generation.",
             "Alemohammad et al., 2024", uses_fraction=True, human_data="fresh"),
    Strategy("accumulate", "Accumulate all data", "Keep every earlier training set instead of "
             "replacing it.", "Gerstgrasser et al., 2024", scheme="accumulate"),
    Strategy("cold", "Lower temperature (0.8)", "Safer, sharper sampling, as chatbots use: "
             "it cuts diversity and speeds up forgetting.", "Shumailov et al., 2024; "
             "Dohmatob et al., 2024", temperature=0.8),
)


def rank(finals: dict[str, np.ndarray], higher_is_better: bool) -> pd.DataFrame:
    """Strategies ordered best first by the median of a metric's final values over runs."""
    rows = []
    for key, values in finals.items():
        low, median, high = np.quantile(np.asarray(values, dtype=float), [0.1, 0.5, 0.9])
        rows.append({"strategy": key, "median": median, "low": low, "high": high})
    table = pd.DataFrame(rows).sort_values("median", ascending=not higher_is_better)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table.reset_index(drop=True)
