"""The recursion's view of the digits model and its real images: how to mix, measure and show."""

from __future__ import annotations

import numpy as np

from collapse_core.digits_metrics import classifier_accuracy, digits_metrics, read_digits
from collapse_core.digits_model import INK, SIDE, DigitsModel, DigitsSource
from collapse_core.recursion import ArrayItems

SHOWN = 20  # images kept per generation of the example run, to draw


def to_pixels(images: np.ndarray) -> np.ndarray:
    """Images as 8 x 8 uint8 pictures, 0 = paper and 255 = full ink (small to cache)."""
    x = np.asarray(images, dtype=float).reshape(-1, SIDE, SIDE)
    return np.round(np.clip(x, 0.0, INK) * (255.0 / INK)).astype(np.uint8)


class DigitsExperiment(ArrayItems):
    """Real handwritten digits and a factory of fresh PCA + Gaussian-mixture image models."""

    def __init__(self, latent_dims: int = 10, components: int = 10):
        DigitsModel(latent_dims, components)  # check the options once, before any run starts
        self.latent_dims, self.components = latent_dims, components
        self.source = DigitsSource()

    def __repr__(self):
        return f"DigitsExperiment({self.new_model()!r})"

    def new_model(self) -> DigitsModel:
        """A fresh, unfitted model."""
        return DigitsModel(self.latent_dims, self.components)

    def measure(self, model, produced, original) -> dict:
        """Metrics of the images the model produced."""
        return digits_metrics(produced)

    def snapshot(self, model, produced, original) -> dict:
        """A few of the produced images and the digits the classifier reads in them."""
        return {"images": to_pixels(produced[:SHOWN]), "labels": read_digits(produced[:SHOWN])}

    def collect(self, snapshots: list, original: np.ndarray) -> dict:
        """Images and digits read for every generation, the human sample's, the accuracy."""
        return {
            "images": np.stack([s["images"] for s in snapshots]),  # (G+1, SHOWN, 8, 8) uint8
            "labels": np.stack([s["labels"] for s in snapshots]).astype(np.int8),
            "human_images": to_pixels(original[:SHOWN]),
            "human_labels": read_digits(original[:SHOWN]).astype(np.int8),
            "accuracy": classifier_accuracy(),
        }
