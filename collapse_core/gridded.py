"""A 1-D distribution stored as probability masses on a uniform grid."""

from __future__ import annotations

import numpy as np


class GriddedDistribution:
    """Masses on a uniform grid, with exact mean and std supplied by the model."""

    def __init__(self, grid: np.ndarray, masses: np.ndarray, mean: float, std: float):
        self.grid = grid
        self.masses = masses / masses.sum()
        self.step = float(grid[1] - grid[0])
        # CDF at each grid point counts half of that point's own mass.
        self._cdf = np.cumsum(self.masses) - 0.5 * self.masses
        self.mean = float(mean)
        self.std = float(std)

    def __repr__(self):
        return f"GriddedDistribution({self.grid.size} points, mean={self.mean:.3g})"

    def pdf(self, x) -> np.ndarray:
        """Density at x, linearly interpolated between grid points."""
        return np.interp(x, self.grid, self.masses / self.step, left=0.0, right=0.0)

    def cdf(self, x) -> np.ndarray:
        """Cumulative distribution at x, linearly interpolated."""
        return np.interp(x, self.grid, self._cdf, left=0.0, right=1.0)

    def support_grid(self) -> np.ndarray:
        """The grid itself."""
        return self.grid


def binned_gaussian_smooth(
    data: np.ndarray, bandwidth: float, points: int = 2048
) -> tuple[np.ndarray, np.ndarray]:
    """Grid and masses of a Gaussian KDE: linear binning, then an FFT convolution."""
    pad = 6.0 * bandwidth
    lo, hi = float(data.min()) - pad, float(data.max()) + pad
    if hi - lo < 1e-9:
        lo, hi = lo - 1e-6, hi + 1e-6
    grid = np.linspace(lo, hi, points)
    step = grid[1] - grid[0]
    position = (data - lo) / step
    left = np.clip(np.floor(position).astype(np.int64), 0, points - 2)
    frac = np.clip(position - left, 0.0, 1.0)
    counts = np.bincount(left, 1.0 - frac, minlength=points)
    counts += np.bincount(left + 1, frac, minlength=points)
    offsets = np.arange(-(points - 1), points) * step
    with np.errstate(over="ignore"):  # a zero bandwidth: the kernel underflows to a spike
        kernel = np.exp(-0.5 * (offsets / max(bandwidth, 1e-300)) ** 2)
    if kernel.sum() == 0:  # bandwidth far below the grid step: the kernel is a spike
        kernel[points - 1] = 1.0
    kernel /= kernel.sum()
    size = 1 << (3 * points - 2).bit_length()  # a power of two: the fastest FFT length
    smoothed = np.fft.irfft(np.fft.rfft(counts, size) * np.fft.rfft(kernel, size), size)
    masses = np.maximum(smoothed[points - 1 : 2 * points - 1], 0.0)
    return grid, masses
