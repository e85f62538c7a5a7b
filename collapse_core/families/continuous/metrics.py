"""What a 1-D model has kept of its human source, one number per question."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from collapse_core.families.continuous.sources import ContinuousSource
from collapse_core.monitor import Alarm

CONTINUOUS_METRICS = {
    "mean": "The centre of the model's values: where they balance.",
    "std": "The spread: how far the model's values typically land from their centre.",
    "wasserstein": (
        "Distance from the human data: how far, on average, you would have to move the "
        "model's values to turn them into the human ones."
    ),
    "tail_mass": (
        "How often the model produces unusual values, the kind the human data produces "
        "5% of the time."
    ),
    "rare_mode_mass": (
        "How much of the model is left where the rarest human group lives "
        "(its centre +- 2 standard deviations)."
    ),
    "modes": "How many separate peaks the model's curve has.",
}

# Warning lines on the metrics (collapse_core.monitor watches them).
SPREAD_HALVED = Alarm("std", "below", 0.5, "the spread fell below half of generation 0's",
                      "a spread below half of generation 0's")
SPREAD_DOUBLED = Alarm("std", "above", 2.0, "the spread grew past twice generation 0's",
                       "a spread over twice generation 0's")
# Its line is a tenth of the rare group's share in the human data (watch's reference).
RARE_MODE_GONE = Alarm("rare_mode_mass", "below", 0.1, "the rare group all but vanished "
                       "(under a tenth of its share in the human data)",
                       "a rare group under a tenth of its share in the human data")
# The rare group has taken over once it holds more than this share of the model: the other face
# of losing it, since either way the human data's mix of groups is gone.
TAKEN_OVER = 0.5

# A peak lower than this share of the highest one is too small to see or count.
_MODE_HEIGHT = 1e-3


@lru_cache(maxsize=16)
def _source_reference(source: ContinuousSource) -> tuple[np.ndarray, float, float, float, float]:
    """Grid, the 2.5%/97.5% quantiles and the rare-mode interval of a source."""
    dist = source.distribution
    lo, hi = dist.quantile(0.025), dist.quantile(0.975)
    rare_lo, rare_hi = source.rare_mode_interval()
    return np.unique(dist.support_grid()), lo, hi, rare_lo, rare_hi


def count_modes(density: np.ndarray):
    """Number of local maxima of a density sampled on a sorted grid (of each row of a batch)."""
    d = np.atleast_2d(np.asarray(density, dtype=float))
    if d.shape[-1] == 0:
        return _number(np.zeros(d.shape[:-1], dtype=int), density)
    top = d.max(axis=-1, keepdims=True)
    usable = np.isfinite(d).all(axis=-1) & (top[..., 0] > 0)
    # Equal neighbours (near-duplicate grid points) would make a slope look like a peak: only
    # the first point of a run of equal values counts, against the values before and after.
    first = np.ones(d.shape, dtype=bool)
    first[..., 1:] = d[..., 1:] != d[..., :-1]
    edge = np.full(d.shape[:-1] + (1,), -1.0)
    before = np.concatenate([edge, d[..., :-1]], axis=-1)
    size = d.shape[-1]
    starts = np.where(first, np.arange(size), size)
    following = np.minimum.accumulate(starts[..., ::-1], axis=-1)[..., ::-1]
    following = np.concatenate([following[..., 1:], np.full(edge.shape, size)], axis=-1)
    after = np.take_along_axis(np.concatenate([d, edge], axis=-1), following, axis=-1)
    peaks = first & (d > before) & (d > after) & (d >= _MODE_HEIGHT * top)
    return _number(np.where(usable, peaks.sum(axis=-1), 0), density)


def _number(values: np.ndarray, like):
    """Values for a batch, a plain number for one distribution (`like` is 1-D)."""
    return values.item() if np.ndim(like) <= 1 else values


def wasserstein_1(model, source_dist, grid: np.ndarray) -> np.ndarray:
    """W1 = integral of |F_model - F_source| over a grid that resolves both (per row)."""
    return np.trapezoid(np.abs(model.cdf(grid) - source_dist.cdf(grid)), grid, axis=-1)


def continuous_metrics(model, source: ContinuousSource) -> dict:
    """The metrics of fitted distributions against the source: arrays with one value per run
    for a batch, numbers for one distribution."""
    source_grid, lo, hi, rare_lo, rare_hi = _source_reference(source)
    model_grid = model.support_grid()
    batch = model_grid.shape[:-1]
    # Both grids together, sorted. (np.union1d would also drop repeated points, but then rows
    # would differ in length; a repeated point adds a zero-width trapezoid, i.e. nothing.)
    grid = np.sort(np.concatenate([np.broadcast_to(source_grid, batch + source_grid.shape),
                                   model_grid], axis=-1), axis=-1)
    ends = model.cdf(np.broadcast_to([lo, hi, rare_lo, rare_hi], batch + (4,)))
    values = {
        "mean": model.mean,
        "std": model.std,
        "wasserstein": wasserstein_1(model, source.distribution, grid),
        "tail_mass": ends[..., 0] + 1.0 - ends[..., 1],
        "rare_mode_mass": ends[..., 3] - ends[..., 2],
        "modes": count_modes(model.pdf(model_grid)),
    }
    return values if batch else {name: np.asarray(v).item() for name, v in values.items()}


def display_grid(source: ContinuousSource, cells: int = 240) -> np.ndarray:
    """Cell edges for plotting: the source's range with a margin on each side."""
    dist = source.distribution
    lo, hi = dist.quantile(0.0005), dist.quantile(0.9995)
    margin = 0.25 * (hi - lo)
    return np.linspace(lo - margin, hi + margin, cells + 1)


def cell_density(model, edges: np.ndarray) -> np.ndarray:
    """Average density in each cell (mass / width) of one distribution: finite even for a
    spike."""
    return np.diff(model.cdf(edges)) / np.diff(edges)
