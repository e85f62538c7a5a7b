"""The recursion's view of a 1-D model and its source: how to mix, measure and draw."""

from __future__ import annotations

import numpy as np

from collapse_core.continuous_metrics import cell_density, continuous_metrics, display_grid
from collapse_core.recursion import ArrayItems
from collapse_core.sources import ContinuousSource


class ContinuousExperiment(ArrayItems):
    """A 1-D source and a factory of fresh models (gaussian, mixture or kde)."""

    def __init__(self, source: ContinuousSource, new_model):
        self.source = source
        self.new_model = new_model
        self.edges = display_grid(source)

    def __repr__(self):
        return f"ContinuousExperiment({self.source.name}, {self.new_model()!r})"

    def measure(self, model, produced, original) -> dict:
        """Metrics of the fitted model (not of its samples)."""
        return continuous_metrics(model.distribution_, self.source)

    def snapshot(self, model, produced, original) -> np.ndarray:
        """The model's density on the display grid."""
        return cell_density(model.distribution_, self.edges).astype(np.float32)

    def collect(self, snapshots: list, original: np.ndarray) -> dict:
        """Densities of every generation, the grid and the source's own density."""
        return {
            "edges": self.edges,
            "density": np.stack(snapshots),
            "source_density": cell_density(self.source.distribution, self.edges),
        }
