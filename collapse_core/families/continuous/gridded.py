"""1-D distributions stored as probability masses on a uniform grid (one, or one per run)."""

from __future__ import annotations

import copy

import numpy as np


class GriddedDistribution:
    """Masses on a uniform grid, with exact mean and std supplied by the model.

    With 2-D grid and masses it is a batch, one distribution per row, each computed on its own.
    """

    def __init__(self, grid: np.ndarray, masses: np.ndarray, mean, std):
        self.grid = grid
        self.masses = masses / masses.sum(axis=-1, keepdims=True)
        self.step = grid[..., 1] - grid[..., 0]
        # CDF at each grid point counts half of that point's own mass.
        self._cdf = np.cumsum(self.masses, axis=-1) - 0.5 * self.masses
        self.mean = mean if np.ndim(mean) else float(mean)
        self.std = std if np.ndim(std) else float(std)

    def __repr__(self):
        if self.grid.ndim > 1:
            return f"GriddedDistribution({len(self.grid)} distributions)"
        return f"GriddedDistribution({self.grid.size} points, mean={self.mean:.3g})"

    def row(self, i: int) -> GriddedDistribution:
        """The i-th distribution of a batch (its masses as they are: no second normalisation)."""
        one = copy.copy(self)
        one.grid, one.masses, one.step, one._cdf = (self.grid[i], self.masses[i], self.step[i],
                                                    self._cdf[i])
        one.mean, one.std = float(self.mean[i]), float(self.std[i])
        return one

    def pdf(self, x) -> np.ndarray:
        """Density at x, linearly interpolated between grid points."""
        density = self.masses / np.asarray(self.step)[..., None]
        return _interp(x, self.grid, density, 0.0, 0.0)

    def cdf(self, x) -> np.ndarray:
        """Cumulative distribution at x, linearly interpolated."""
        return _interp(x, self.grid, self._cdf, 0.0, 1.0)

    def support_grid(self) -> np.ndarray:
        """The grid itself."""
        return self.grid


def _interp(x, xp: np.ndarray, fp: np.ndarray, left: float, right: float) -> np.ndarray:
    """np.interp, row by row for a batch (x: one row of points per distribution)."""
    if xp.ndim == 1:
        return np.interp(x, xp, fp, left=left, right=right)
    x = np.broadcast_to(x, (len(xp), np.shape(x)[-1]))
    out = np.empty(x.shape)
    for i in range(len(xp)):  # np.interp is 1-D; each call is one run's whole row
        out[i] = np.interp(x[i], xp[i], fp[i], left=left, right=right)
    return out


def binned_gaussian_smooth(
    data: np.ndarray, bandwidth, points: int = 2048
) -> tuple[np.ndarray, np.ndarray]:
    """Grid and masses of a Gaussian KDE: linear binning, then an FFT convolution.

    data is one sample, or a batch of samples as rows with one bandwidth per row.
    """
    rows = np.atleast_2d(data)
    bandwidth = np.broadcast_to(np.asarray(bandwidth, dtype=float), len(rows))
    pad = 6.0 * bandwidth
    lo, hi = rows.min(axis=1) - pad, rows.max(axis=1) + pad
    narrow = hi - lo < 1e-9
    lo, hi = np.where(narrow, lo - 1e-6, lo), np.where(narrow, hi + 1e-6, hi)
    grid = np.linspace(lo, hi, points, axis=-1)
    step = (grid[:, 1] - grid[:, 0])[:, None]
    position = (rows - lo[:, None]) / step
    left = np.clip(np.floor(position).astype(np.int64), 0, points - 2)
    frac = np.clip(position - left, 0.0, 1.0)
    # One bincount for every row: row r's bins are r * points + 0 .. points - 1.
    left += points * np.arange(len(rows))[:, None]
    size = len(rows) * points
    counts = np.bincount(left.ravel(), (1.0 - frac).ravel(), minlength=size)
    counts += np.bincount((left + 1).ravel(), frac.ravel(), minlength=size)
    offsets = np.arange(-(points - 1), points) * step
    with np.errstate(over="ignore"):  # a zero bandwidth: the kernel underflows to a spike
        kernel = np.exp(-0.5 * (offsets / np.maximum(bandwidth, 1e-300)[:, None]) ** 2)
    # Bandwidth far below the grid step: the kernel is a spike.
    kernel[kernel.sum(axis=1) == 0, points - 1] = 1.0
    kernel /= kernel.sum(axis=1, keepdims=True)
    fft_size = 1 << (3 * points - 2).bit_length()  # a power of two: the fastest FFT length
    spectrum = np.fft.rfft(counts.reshape(-1, points), fft_size)
    smoothed = np.fft.irfft(spectrum * np.fft.rfft(kernel, fft_size), fft_size)
    masses = np.maximum(smoothed[:, points - 1 : 2 * points - 1], 0.0)
    return (grid, masses) if np.ndim(data) > 1 else (grid[0], masses[0])
