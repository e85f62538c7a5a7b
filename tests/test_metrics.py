"""Tests for collapse_core.families.continuous.metrics: each metric against an independent
computation."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from collapse_core.families.continuous.distributions import Mixture1D
from collapse_core.families.continuous.experiment import fitted_distribution
from collapse_core.families.continuous.gridded import GriddedDistribution
from collapse_core.families.continuous.kde import KDEModel
from collapse_core.families.continuous.metrics import (
    CONTINUOUS_METRICS,
    cell_density,
    continuous_metrics,
    count_modes,
    display_grid,
)
from collapse_core.families.continuous.sources import PRESETS, continuous_source

STD_NORMAL = NormalDist()


def _w1_normals(m1, s1, m2, s2) -> float:
    """Exact W1 between N(m1, s1^2) and N(m2, s2^2): E|a + bZ|, a = m1 - m2, b = |s1 - s2|."""
    a, b = m1 - m2, abs(s1 - s2)
    if b == 0:
        return abs(a)
    return a * (2 * STD_NORMAL.cdf(a / b) - 1) + 2 * b * STD_NORMAL.pdf(a / b)


def _w1_tolerance() -> float:
    """Relative accuracy of the engine's W1: trapezoids of |F - G| on the support grid.

    With grid step h (in sd units) the error is ~ h^2 / 12 * |F' - G'| at each crossing plus
    h^2 / 12 * |F'' - G''| integrated; h^2 / 4 bounds both for these unit-scale cases (measured:
    1.5e-3 relative at 121 points per component, h = 0.133; 3.7e-4 at 241, h = 0.067).
    """
    h = float(np.diff(continuous_source("bell").distribution.support_grid()).max())
    return h**2 / 4


def _mass(dist: Mixture1D, lo: float, hi: float) -> float:
    """Mass of [lo, hi] from the standard library's normal CDF, component by component."""
    return sum(
        w * (NormalDist(m, s).cdf(hi) - NormalDist(m, s).cdf(lo))
        for w, m, s in zip(dist.weights, dist.means, dist.sds, strict=True)
    )


# --- the source measured against itself ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_the_source_itself_scores_as_the_source(name):
    source = continuous_source(name)
    metrics = continuous_metrics(source.distribution, source)
    assert set(metrics) == set(CONTINUOUS_METRICS)
    assert metrics["mean"] == pytest.approx(source.distribution.mean, abs=1e-12)
    assert metrics["std"] == pytest.approx(source.distribution.std, rel=1e-12)
    assert metrics["wasserstein"] == pytest.approx(0.0, abs=1e-12)
    assert metrics["tail_mass"] == pytest.approx(0.05, abs=1e-9)
    lo, hi = source.rare_mode_interval()
    assert metrics["rare_mode_mass"] == pytest.approx(_mass(source.distribution, lo, hi), abs=1e-12)


def test_rare_mode_interval_is_the_smallest_component_plus_minus_two_sd():
    source = continuous_source("three-modes")
    assert source.rare_mode_interval() == (4.0, 8.0)
    # 10% of the data, 95.45% of it within 2 sd, plus a sliver of the middle group.
    expected = 0.1 * 0.9544997361036416 + 0.3 * (STD_NORMAL.cdf(8) - STD_NORMAL.cdf(4))
    assert continuous_metrics(source.distribution, source)["rare_mode_mass"] == pytest.approx(
        expected, abs=1e-12
    )


@pytest.mark.parametrize(
    ("name", "peaks"),
    [
        ("bell", 1),
        ("heavy-tail", 1),
        pytest.param("three-modes", 3),
        pytest.param("two-groups", 2),
    ],
)
def test_modes_counts_the_visible_peaks_of_the_source(name, peaks):
    source = continuous_source(name)
    assert continuous_metrics(source.distribution, source)["modes"] == peaks


@pytest.mark.parametrize(("name", "peaks"), [("bell", 1), ("heavy-tail", 1), ("three-modes", 3),
                                             ("two-groups", 2)])
def test_count_modes_on_a_uniform_grid(name, peaks):
    dist = continuous_source(name).distribution
    x = np.linspace(dist.quantile(1e-6) - 1, dist.quantile(1 - 1e-6) + 1, 3001)
    assert count_modes(dist.pdf(x)) == peaks


def test_count_modes_plateaus_and_degenerate_input():
    assert count_modes(np.array([0.0, 1.0, 1.0, 1.0, 0.0])) == 1  # a flat top is one peak
    assert count_modes(np.array([0.0, 1.0, 0.5, 2.0, 0.0])) == 2
    assert count_modes(np.array([1.0, 2.0, 3.0])) == 1  # a peak at the edge counts
    assert count_modes(np.array([0.0, 1.0, 0.0, 1e-4, 0.0])) == 1  # too small to see
    assert count_modes(np.zeros(5)) == 0
    assert count_modes(np.array([])) == 0
    assert count_modes(np.array([0.0, np.nan, 1.0])) == 0


def test_count_modes_is_not_fooled_by_a_repeated_point_on_a_slope():
    # The same density sampled twice at one x (as a union of grids does) is still one peak.
    assert count_modes(np.array([0.1, 0.2, 0.2, 0.3, 0.2, 0.1])) == 1


# --- Wasserstein-1 -------------------------------------------------------------------------


@pytest.mark.parametrize("mu", [-2.0, 0.3, 5.0])
def test_w1_between_gaussians_with_equal_sd_is_the_shift(mu):
    bell = continuous_source("bell")
    w1 = continuous_metrics(Mixture1D([1.0], [mu], [1.0]), bell)["wasserstein"]
    assert w1 == pytest.approx(abs(mu), rel=_w1_tolerance())


@pytest.mark.parametrize(("mu", "sd"), [(0.0, 0.3), (0.5, 2.0), (-1.0, 0.05), (3.0, 5.0)])
def test_w1_between_gaussians_with_unequal_sds(mu, sd):
    bell = continuous_source("bell")
    model = Mixture1D([1.0], [mu], [sd])
    w1 = continuous_metrics(model, bell)["wasserstein"]
    assert w1 == pytest.approx(_w1_normals(mu, sd, 0.0, 1.0), rel=_w1_tolerance())
    # Monte Carlo: W1 of two sorted samples of size M. Its error is at most
    # W1(sample_1, F_1) + W1(sample_2, F_2), whose expectation is at most
    # sum_i integral sqrt(F_i (1 - F_i)) dx / sqrt(M); allow 5 times that bound.
    m = 200_000
    rng = np.random.default_rng(17)
    a = np.sort(model.sample(m, rng))
    b = np.sort(bell.distribution.sample(m, rng))
    x = np.linspace(min(mu - 10 * sd, -10), max(mu + 10 * sd, 10), 20_001)
    spread = sum(
        np.trapezoid(np.sqrt(d.cdf(x) * (1 - d.cdf(x))), x) for d in (model, bell.distribution)
    )
    assert abs(np.mean(np.abs(a - b)) - w1) < 5 * spread / math.sqrt(m)


def test_w1_against_a_mixture_source_matches_a_fine_quadrature():
    source = continuous_source("three-modes")
    model = Mixture1D([0.7, 0.3], [-3.5, 1.0], [1.5, 0.8])
    x = np.linspace(-20, 20, 400_001)
    reference = np.trapezoid(np.abs(model.cdf(x) - source.distribution.cdf(x)), x)
    w1 = continuous_metrics(model, source)["wasserstein"]
    assert w1 == pytest.approx(reference, rel=_w1_tolerance())


# --- collapsed models ----------------------------------------------------------------------


@pytest.mark.parametrize("sd", [0.0, 1e-12, 1e-6])
@pytest.mark.parametrize("centre", [0.0, 3.0])
def test_metrics_are_finite_for_a_collapsed_spike(sd, centre):
    bell = continuous_source("bell")
    with np.errstate(over="ignore"):  # a zero-width pdf overflows (x - m) / 1e-300 to inf
        metrics = continuous_metrics(Mixture1D([1.0], [centre], [sd]), bell)
    assert all(math.isfinite(v) for v in metrics.values())
    assert metrics["mean"] == centre
    assert metrics["std"] == pytest.approx(sd, rel=1e-9, abs=1e-300)
    # W1 between a point mass at c and N(0, 1) is E|Z - c| (b = 1 - 0 in the closed form).
    expected = _w1_normals(centre, 0.0, 0.0, 1.0)
    assert metrics["wasserstein"] == pytest.approx(expected, rel=_w1_tolerance())
    assert metrics["tail_mass"] == (0.0 if centre == 0.0 else 1.0)
    assert metrics["rare_mode_mass"] == (1.0 if centre == 0.0 else 0.0)
    assert metrics["modes"] in (0, 1)


def test_metrics_are_finite_for_a_kde_of_equal_points():
    bell = continuous_source("bell")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        model = KDEModel().fit(np.full((1, 20), 0.5))  # Scott's bandwidth is 0 here
        metrics = continuous_metrics(fitted_distribution(model, 0), bell)
    assert model.bandwidth_ == 0.0
    assert all(math.isfinite(v) for v in metrics.values())
    assert metrics["std"] == 0.0 and metrics["mean"] == 0.5
    expected = _w1_normals(0.5, 0.0, 0.0, 1.0)
    assert metrics["wasserstein"] == pytest.approx(expected, rel=_w1_tolerance())


def test_gridded_model_metrics_agree_with_the_mixture_they_approximate():
    # A KDE with a tiny bandwidth of a huge sample is close to the source: W1 ~ 1/sqrt(n).
    source = continuous_source("two-groups")
    x = source.original(50_000, np.random.default_rng(21))
    metrics = continuous_metrics(fitted_distribution(KDEModel(0.05).fit(x[None]), 0), source)
    assert metrics["wasserstein"] < 0.03
    # Binomial SE of a tail share: sqrt(0.05 * 0.95 / n) ~ 0.001; tolerance 5 SE (+ the kernel).
    tolerance = 5 * math.sqrt(0.05 * 0.95 / x.size) + 2e-3
    assert metrics["tail_mass"] == pytest.approx(0.05, abs=tolerance)


# --- densities on the display grid ---------------------------------------------------------


def test_display_grid_covers_the_source_with_a_margin():
    source = continuous_source("bell")
    edges = display_grid(source)
    assert edges.size == 241 and np.all(np.diff(edges) > 0)
    q = STD_NORMAL.inv_cdf(0.9995)
    assert edges[-1] == pytest.approx(q * 1.5, rel=1e-6)
    assert edges[0] == pytest.approx(-q * 1.5, rel=1e-6)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_cell_density_integrates_to_the_mass_inside_the_grid(name):
    source = continuous_source(name)
    edges = display_grid(source)
    density = cell_density(source.distribution, edges)
    inside = _mass(source.distribution, edges[0], edges[-1])
    assert np.sum(density * np.diff(edges)) == pytest.approx(inside, abs=1e-12)
    assert 0.999 < inside < 1.0
    # Away from spikes the average density in a cell is the pdf at its centre, up to
    # width^2 / 24 * pdf'' (|pdf''| <= pdf(0) for these unit-sd components).
    mid = 0.5 * (edges[1:] + edges[:-1])
    width = edges[1] - edges[0]
    np.testing.assert_allclose(density, source.distribution.pdf(mid), atol=width**2 / 24 * 0.4)


def test_cell_density_of_a_spike_is_one_cell():
    edges = np.linspace(-1.0, 1.0, 11)
    density = cell_density(Mixture1D([1.0], [0.33], [0.0]), edges)
    assert np.count_nonzero(density) == 1
    assert density[6] == pytest.approx(1 / 0.2)
    assert np.all(cell_density(Mixture1D([1.0], [5.0], [0.0]), edges) == 0)


def test_cell_density_of_a_gridded_distribution_integrates_to_its_mass_inside():
    grid = np.linspace(-2.0, 2.0, 401)
    masses = np.exp(-0.5 * grid**2)
    dist = GriddedDistribution(grid, masses, 0.0, 1.0)
    edges = np.linspace(-3.0, 3.0, 61)
    density = cell_density(dist, edges)
    assert np.sum(density * np.diff(edges)) == pytest.approx(1.0, abs=1e-12)
    # Each grid point's mass sits in a bin centred on it, so only the cell touching the grid's
    # end gets a little; cells further out are empty.
    assert np.all(density[:9] == 0) and np.all(density[-9:] == 0)
    assert density[9] > 0 and density[-10] > 0
