"""The recursion's view of a 1-D model and its source: how to mix, measure and draw."""

from __future__ import annotations

import numpy as np

from collapse_core.batch import ArrayItems
from collapse_core.families.continuous.detector import ValueDetector
from collapse_core.families.continuous.distributions import fitted_distribution
from collapse_core.families.continuous.metrics import cell_density, continuous_metrics, display_grid
from collapse_core.families.continuous.sources import ContinuousSource


class ContinuousExperiment(ArrayItems):
    """A 1-D source and a factory of fresh models (gaussian, mixture or kde), each fitting
    many runs at once."""

    item_bytes = 8  # one float per data point

    def __init__(self, source: ContinuousSource, new_model):
        self.source = source
        self.new_model = new_model
        self.edges = display_grid(source)
        self.detector = ValueDetector(source)  # what a learned filter sees of the items

    def __repr__(self):
        return f"ContinuousExperiment({self.source.name}, {self.new_model()!r})"

    def measure(self, model, produced, original) -> dict[str, np.ndarray]:
        """Metrics of the fitted models (not of their samples), one value per run."""
        if len(model.parts_) == 1:
            return continuous_metrics(model.parts_[0][1], self.source)
        columns = {}
        for runs, fitted in model.parts_:
            for name, values in continuous_metrics(fitted, self.source).items():
                columns.setdefault(name, np.empty(len(produced), values.dtype))[runs] = values
        return columns

    def snapshot(self, model, produced, original, run: int) -> np.ndarray:
        """One run's model density on the display grid."""
        return cell_density(fitted_distribution(model, run), self.edges).astype(np.float32)

    def collect(self, snapshots: list, original: np.ndarray) -> dict:
        """Densities of every generation, the grid and the source's own density."""
        return {
            "edges": self.edges,
            "density": np.stack(snapshots),
            "source_density": cell_density(self.source.distribution, self.edges),
        }
