"""What an image model has kept of the real digits: which digits it draws, how varied, how real."""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from collapse_core.families.digits.model import INK, SIDE, real_digits
from collapse_core.monitor import Alarm

DIGITS = tuple(range(10))
PRESENT_SHARE = 0.02  # a digit "appears" if at least 2% of the images are read as it
DIVERSITY_IMAGES = 200  # pairs among this many images estimate the diversity
NEAREST_IMAGES = 300  # this many images are compared with every real one
MAX_ENTROPY = float(np.log2(len(DIGITS)))

DIGITS_METRICS = {
    "digit_entropy": (
        "How evenly the images spread over the ten digits, in bits: 3.32 means all ten "
        "equally often, 0 means every image is the same digit."
    ),
    "digits_present": (
        f"How many of the ten digits still appear (each in at least {PRESENT_SHARE:.0%} of "
        "the images, as read by the classifier)."
    ),
    **{f"share_{d}": f"The share of the images the classifier reads as a {d}." for d in DIGITS},
    "diversity": (
        "How different two of the model's images are, on average: the typical difference "
        "per pixel, on the 0-16 ink scale. It falls as the images become alike."
    ),
    "distance_from_real": (
        "How far each image is from the most similar real digit: the typical difference "
        "per pixel, on the 0-16 ink scale. It grows as the images stop looking real."
    ),
    "sharpness": (
        "How crisp the strokes are: the average jump in ink between neighbouring pixels. "
        "It falls as the images blur."
    ),
}

ENTROPY_FELL = Alarm("digit_entropy", "below", 0.85, "the mix of digits lost more than 15% of "
                     "generation 0's variety", "a mix of digits with 15% less variety than "
                     "generation 0's")
DIVERSITY_FELL = Alarm("diversity", "below", 0.75, "the images lost a quarter of generation 0's "
                       "variety", "images with a quarter less variety than generation 0's")


def effective_digits(entropy_bits: float) -> float:
    """2^entropy: how many equally common digits would make a mix this varied."""
    return float(2.0**entropy_bits)


@lru_cache(maxsize=1)
def classifier():
    """A logistic regression trained once on the real pool; it never sees model output."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    real = real_digits()
    model = LogisticRegression(C=10.0, max_iter=3000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(real.images / INK, real.labels)
    return model


def read_digits(images: np.ndarray) -> np.ndarray:
    """The digit (0-9) the classifier sees in each image."""
    clf = classifier()
    scores = np.asarray(images, dtype=float).reshape(len(images), -1) / INK @ clf.coef_.T
    return clf.classes_[np.argmax(scores + clf.intercept_, axis=1)]


@lru_cache(maxsize=1)
def classifier_accuracy() -> float:
    """The share of the held-out real digits (never used as human data) read correctly."""
    real = real_digits()
    return float(np.mean(read_digits(real.test_images) == real.test_labels))


def _rms(squared: np.ndarray) -> np.ndarray:
    """Squared distances between images as a typical (root-mean-square) difference per pixel."""
    return np.sqrt(np.maximum(squared, 0.0) / SIDE**2)


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Every squared Euclidean distance between rows of a and rows of b."""
    return (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T


def diversity(images: np.ndarray) -> float:
    """Mean pixel-RMS difference over pairs of the first DIVERSITY_IMAGES images."""
    x = np.asarray(images, dtype=float)[:DIVERSITY_IMAGES]
    if len(x) < 2:
        return 0.0
    pairs = np.triu_indices(len(x), k=1)
    return float(_rms(_squared_distances(x, x)[pairs]).mean())


@lru_cache(maxsize=1)
def _pool32() -> tuple[np.ndarray, np.ndarray]:
    """The real pool in float32 and its rows' squared lengths (nearest-image searches)."""
    pool = real_digits().images.astype(np.float32)
    return pool, (pool * pool).sum(1)


def distance_from_real(images: np.ndarray) -> float:
    """Mean pixel-RMS difference from each of the first NEAREST_IMAGES images to its nearest
    real digit in the pool."""
    x = np.asarray(images, dtype=np.float32)[:NEAREST_IMAGES]
    pool, lengths = _pool32()
    nearest = (lengths[None, :] - 2.0 * x @ pool.T).min(axis=1) + (x * x).sum(1)
    return float(_rms(nearest.astype(float)).mean())


def sharpness(images: np.ndarray) -> float:
    """Mean absolute ink difference between horizontally or vertically adjacent pixels."""
    x = np.asarray(images, dtype=float).reshape(-1, SIDE, SIDE)
    return float(np.concatenate([np.abs(np.diff(x, axis=1)).ravel(),
                                 np.abs(np.diff(x, axis=2)).ravel()]).mean())


def mix_metrics(labels: np.ndarray) -> dict[str, float]:
    """Entropy, digits present and the share of each digit, from the digits read."""
    shares = np.bincount(labels, minlength=len(DIGITS)) / max(len(labels), 1)
    nonzero = shares[shares > 0]
    return {
        "digit_entropy": float(-(nonzero * np.log2(nonzero)).sum()) + 0.0,
        "digits_present": int((shares >= PRESENT_SHARE).sum()),
        **{f"share_{d}": float(shares[d]) for d in DIGITS},
    }


def digits_metrics(images: np.ndarray, labels: np.ndarray | None = None) -> dict[str, float]:
    """Every metric of one generation's images (labels: the digits read, if already known)."""
    labels = read_digits(images) if labels is None else labels
    return {**mix_metrics(labels), "diversity": diversity(images),
            "distance_from_real": distance_from_real(images), "sharpness": sharpness(images)}


@lru_cache(maxsize=1)
def real_reference() -> dict[str, float]:
    """The same metrics for real digits the model never saw (the held-out ones, true labels)."""
    real = real_digits()
    return digits_metrics(real.test_images, real.test_labels)
