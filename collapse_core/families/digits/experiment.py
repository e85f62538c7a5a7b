"""The recursion's view of the digits model and its real images: how to mix, measure and show."""

from __future__ import annotations

import numpy as np

from collapse_core.batch import ArrayItems, PerRun, columns
from collapse_core.families.digits.detector import ImageDetector
from collapse_core.families.digits.metrics import classifier_accuracy, digits_metrics, read_digits
from collapse_core.families.digits.model import INK, SIDE, DigitsModel, DigitsSource

SHOWN = 20  # images kept per generation of the example run, to draw


def to_pixels(images: np.ndarray) -> np.ndarray:
    """Images as 8 x 8 uint8 pictures, 0 = paper and 255 = full ink (small to cache)."""
    x = np.asarray(images, dtype=float).reshape(-1, SIDE, SIDE)
    return np.round(np.clip(x, 0.0, INK) * (255.0 / INK)).astype(np.uint8)


class DigitsExperiment(ArrayItems):
    """Real handwritten digits and a factory of fresh PCA + Gaussian-mixture image models."""

    item_bytes = SIDE * SIDE * 8  # an image is 64 floats

    def __init__(self, latent_dims: int = 10, components: int = 10):
        DigitsModel(latent_dims, components)  # check the options once, before any run starts
        self.latent_dims, self.components = latent_dims, components
        self.source = DigitsSource()
        self.detector = ImageDetector()  # what a learned filter sees of the images

    def __repr__(self):
        return f"DigitsExperiment({self.new_model()!r})"

    def new_model(self) -> PerRun:
        """Fresh, unfitted models, one per run: each fit is already large numpy work."""
        return PerRun(lambda: DigitsModel(self.latent_dims, self.components), np.stack)

    def measure(self, model, produced, original) -> dict[str, np.ndarray]:
        """Metrics of the images each run's model produced."""
        return columns([digits_metrics(images) for images in produced])

    def snapshot(self, model, produced, original, run: int) -> dict:
        """A few of one run's produced images and the digits the classifier reads in them."""
        shown = produced[run][:SHOWN]
        return {"images": to_pixels(shown), "labels": read_digits(shown)}

    def collect(self, snapshots: list, original: np.ndarray) -> dict:
        """Images and digits read for every generation, the human sample's, the accuracy."""
        return {
            "images": np.stack([s["images"] for s in snapshots]),  # (G+1, SHOWN, 8, 8) uint8
            "labels": np.stack([s["labels"] for s in snapshots]).astype(np.int8),
            "human_images": to_pixels(original[:SHOWN]),
            "human_labels": read_digits(original[:SHOWN]).astype(np.int8),
            "accuracy": classifier_accuracy(),
        }
