"""The recursion's view of the hiring family: applicants, the screening model, its metrics."""

from __future__ import annotations

import numpy as np

from collapse_core.batch import ArrayItems
from collapse_core.families.hiring.logistic import log_odds
from collapse_core.families.hiring.metrics import hiring_metrics
from collapse_core.families.hiring.model import ScreeningModel, features
from collapse_core.families.hiring.population import SCORE_GAP, Applicants

GRID = np.linspace(-3.0, 3.0, 61)  # scores at which the example run's rule is drawn


class HiringExperiment(ArrayItems):
    """Applicants of two groups decided by people, and a factory of fresh screening models
    (each fits many runs at once). Items are rows (group, score, decision)."""

    item_bytes = 3 * 8
    detector = None  # no learned detector: a model's decision looks like a person's

    def __init__(self, minority_share: float = 0.2, labels: str = "argmax",
                 sees_group: bool = False, rebalance: bool = False, leave: bool = False,
                 bias: float = 0.0):
        self.source = Applicants(minority_share, bias)
        self.options = {"labels": labels, "sees_group": sees_group, "rebalance": rebalance,
                        "leave": leave}
        self.new_model()  # check the options once, before any run starts

    def __repr__(self):
        return f"HiringExperiment({self.source!r}, {self.new_model()!r})"

    def new_model(self) -> ScreeningModel:
        """A fresh, unfitted screening model for many runs."""
        return ScreeningModel(self.source, **self.options)

    def measure(self, model: ScreeningModel, produced, original) -> dict[str, np.ndarray]:
        """What the model's decisions on this year's applicants did to each group."""
        return hiring_metrics(produced, self.source, model.shares_)

    def snapshot(self, model: ScreeningModel, produced, original, run: int) -> np.ndarray:
        """One run's chance of being hired along the score grid, (larger, smaller group), as
        the model decides (a step for argmax)."""
        group = np.array([[0.0], [1.0]]) * np.ones_like(GRID)
        coef = np.repeat(model.coef_[run : run + 1], 2, axis=0)
        x = features(group, np.tile(GRID, (2, 1)), model.sees_group)
        return model.hire_chance(log_odds(coef, x)).astype(np.float32)

    def collect(self, snapshots: list, original: np.ndarray) -> dict:
        """The example run's rule for every generation, the people's rule, each group's
        score density on the grid."""
        group = np.array([[0.0], [1.0]]) * np.ones_like(GRID)
        density = np.exp(-0.5 * (GRID + SCORE_GAP * group) ** 2) / np.sqrt(2 * np.pi)
        return {
            "grid": GRID,
            "model_yes": np.stack(snapshots),  # (G + 1, 2, len(GRID))
            "people_yes": self.source.people_yes(group, np.tile(GRID, (2, 1))),
            "density": density,
        }
