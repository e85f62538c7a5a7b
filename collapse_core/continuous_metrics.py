"""What a 1-D model has kept of its human source, one number per question."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from collapse_core.sources import ContinuousSource

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

# A peak lower than this share of the highest one is too small to see or count.
_MODE_HEIGHT = 1e-3


@lru_cache(maxsize=16)
def _source_reference(source: ContinuousSource) -> tuple[np.ndarray, float, float, float, float]:
    """Grid, the 2.5%/97.5% quantiles and the rare-mode interval of a source."""
    dist = source.distribution
    lo, hi = dist.quantile(0.025), dist.quantile(0.975)
    rare_lo, rare_hi = source.rare_mode_interval()
    return dist.support_grid(), lo, hi, rare_lo, rare_hi


def count_modes(density: np.ndarray) -> int:
    """Number of local maxima of a density sampled on a sorted grid."""
    if density.size == 0 or not np.isfinite(density).all() or density.max() <= 0:
        return 0
    # Equal neighbours (near-duplicate grid points) would make a slope look like a peak.
    density = density[np.r_[True, np.diff(density) != 0]]
    d = np.concatenate([[-1.0], density, [-1.0]])
    peaks = (d[1:-1] > d[:-2]) & (d[1:-1] >= d[2:]) & (density >= _MODE_HEIGHT * density.max())
    return int(peaks.sum())


def wasserstein_1(model, source_dist, grid: np.ndarray) -> float:
    """W1 = integral of |F_model - F_source| over a grid that resolves both."""
    return float(np.trapezoid(np.abs(model.cdf(grid) - source_dist.cdf(grid)), grid))


def continuous_metrics(model, source: ContinuousSource) -> dict[str, float]:
    """The metrics of one generation's fitted distribution against the source."""
    source_grid, lo, hi, rare_lo, rare_hi = _source_reference(source)
    model_grid = model.support_grid()
    grid = np.union1d(source_grid, model_grid)
    ends = model.cdf(np.array([lo, hi, rare_lo, rare_hi]))
    return {
        "mean": model.mean,
        "std": model.std,
        "wasserstein": wasserstein_1(model, source.distribution, grid),
        "tail_mass": float(ends[0] + 1.0 - ends[1]),
        "rare_mode_mass": float(ends[3] - ends[2]),
        "modes": count_modes(model.pdf(model_grid)),
    }


def display_grid(source: ContinuousSource, cells: int = 240) -> np.ndarray:
    """Cell edges for plotting: the source's range with a margin on each side."""
    dist = source.distribution
    lo, hi = dist.quantile(0.0005), dist.quantile(0.9995)
    margin = 0.25 * (hi - lo)
    return np.linspace(lo - margin, hi + margin, cells + 1)


def cell_density(model, edges: np.ndarray) -> np.ndarray:
    """Average density in each cell (mass / width): stays finite even for a spike."""
    return np.diff(model.cdf(edges)) / np.diff(edges)
