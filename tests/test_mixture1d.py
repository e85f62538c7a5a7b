"""Tests for collapse_core.families.continuous.distributions.Mixture1D: density, CDF, moments,
quantiles, sampling."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from collapse_core.families.continuous.distributions import Mixture1D
from collapse_core.families.continuous.sources import PRESETS

MIXTURES = {name: dist for name, (_, dist) in PRESETS.items()}
MIXTURES["uneven"] = Mixture1D([0.2, 0.5, 0.3], [-3.0, 1.0, 1.5], [0.3, 2.0, 0.05])


def _fine_grid(dist: Mixture1D, points: int = 400_001) -> np.ndarray:
    """A uniform grid reaching 12 sd beyond every component, fine enough for the narrowest."""
    lo = float(np.min(dist.means - 12 * dist.sds))
    hi = float(np.max(dist.means + 12 * dist.sds))
    return np.linspace(lo, hi, points)


def _cumulative_trapezoid(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(0.5 * (y[1:] + y[:-1]) * np.diff(x))])


# --- density and CDF ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MIXTURES))
def test_pdf_integrates_to_one(name):
    dist = MIXTURES[name]
    x = _fine_grid(dist)
    # Trapezoid error on this grid is far below 1e-7 (step <= 0.05 sd of the narrowest part).
    assert np.trapezoid(dist.pdf(x), x) == pytest.approx(1.0, abs=1e-7)


@pytest.mark.parametrize("name", sorted(MIXTURES))
def test_cdf_is_the_integral_of_the_pdf(name):
    dist = MIXTURES[name]
    x = _fine_grid(dist)
    integral = _cumulative_trapezoid(dist.pdf(x), x) + dist.cdf(x[0])
    np.testing.assert_allclose(dist.cdf(x), integral, atol=1e-7)
    assert dist.cdf(x[0]) < 1e-30 and dist.cdf(x[-1]) == pytest.approx(1.0, abs=1e-15)
    assert np.all(np.diff(dist.cdf(x)) >= 0)


def test_single_gaussian_matches_the_standard_library():
    dist = Mixture1D([1.0], [1.5], [0.7])
    ref = NormalDist(1.5, 0.7)
    x = np.linspace(-3.0, 6.0, 101)
    np.testing.assert_allclose(dist.pdf(x), [ref.pdf(v) for v in x], rtol=1e-12)
    np.testing.assert_allclose(dist.cdf(x), [ref.cdf(v) for v in x], rtol=1e-12, atol=1e-16)
    assert dist.mass_between(1.5 - 0.7, 1.5 + 0.7) == pytest.approx(0.6826894921370859, rel=1e-12)


@pytest.mark.parametrize("name", ["bell", "uneven"])
def test_cdf_matches_the_c_library_erfc_into_the_far_tails(name):
    dist = MIXTURES[name]
    x = np.linspace(-38.0, 38.0, 200_001)
    parts = list(zip(dist.weights, dist.means, dist.sds, strict=True))
    ref = np.array([sum(w * 0.5 * math.erfc((m - v) / (s * math.sqrt(2.0))) for w, m, s in parts)
                    for v in x])
    got = dist.cdf(x)
    assert np.max(np.abs(got - ref)) <= 4.5e-16
    # Relative accuracy where the tail probability is tiny but representable: scipy's erfc
    # (Cephes) loses about z^2 ulps at z standard deviations out, glibc's keeps full precision.
    z = np.min(np.abs(x[:, None] - dist.means) / dist.sds, axis=1)
    tail = ref > 1e-300
    rel = np.abs(got[tail] - ref[tail]) / ref[tail]
    assert np.all(rel <= 1e-15 * (1.0 + z[tail] ** 2))


def test_cdf_edge_values():
    bell = MIXTURES["bell"]
    got = bell.cdf(np.array([-np.inf, -1e308, -40.0, 0.0, 40.0, 1e308, np.inf, np.nan]))
    np.testing.assert_array_equal(got[:7], [0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0])
    assert np.isnan(got[7])
    assert bell.cdf(1.959963984540054) == pytest.approx(0.975, abs=1e-15)


def test_cdf_far_tail_agrees_with_the_density_mills_series():
    # Phi(-x) = phi(x) / x (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 - ...): an alternating
    # asymptotic series, so the truncation error is below the first omitted term, 945/x^10
    # (relative to phi(x)/x, itself within 2% of Phi(-x) for x >= 8); on top of it, the
    # z^2-ulp round-off of the tail (see the erfc test above).
    bell = MIXTURES["bell"]
    x = np.linspace(8.0, 37.0, 1001)
    series = bell.pdf(x) / x * (1 - x**-2 + 3 * x**-4 - 15 * x**-6 + 105 * x**-8)
    rel = np.abs(bell.cdf(-x) - series) / bell.cdf(-x)
    assert np.all(rel <= 1.1 * 945 * x**-10 + 1e-15 * (1.0 + x**2))


def test_pdf_and_cdf_keep_the_input_shape():
    dist = MIXTURES["three-modes"]
    assert dist.pdf(np.zeros((3, 4))).shape == (3, 4)
    assert dist.cdf(np.zeros((3, 4))).shape == (3, 4)
    assert np.ndim(dist.cdf(0.0)) == 0


# --- moments -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MIXTURES))
def test_mean_and_std_match_closed_forms_and_numerical_integrals(name):
    dist = MIXTURES[name]
    w, m, s = dist.weights, dist.means, dist.sds
    mean = float(np.sum(w * m))
    var = float(np.sum(w * (s**2 + m**2)) - mean**2)
    assert dist.mean == pytest.approx(mean, abs=1e-12)
    assert dist.std == pytest.approx(math.sqrt(var), rel=1e-12)
    x = _fine_grid(dist)
    p = dist.pdf(x)
    assert np.trapezoid(x * p, x) == pytest.approx(dist.mean, abs=1e-6)
    assert np.trapezoid((x - dist.mean) ** 2 * p, x) == pytest.approx(dist.std**2, rel=1e-6)


@pytest.mark.parametrize("name", sorted(MIXTURES))
def test_large_sample_moments(name):
    dist = MIXTURES[name]
    n = 400_000
    x = dist.sample(n, np.random.default_rng(2024))
    # Standard errors: SE(mean) = sd / sqrt(n); SE(sample variance) = sqrt((mu4 - var^2) / n),
    # with the fourth central moment mu4 integrated from the exact pdf. Tolerance 5 SE.
    grid = _fine_grid(dist)
    mu4 = np.trapezoid((grid - dist.mean) ** 4 * dist.pdf(grid), grid)
    var = dist.std**2
    assert abs(x.mean() - dist.mean) < 5 * dist.std / math.sqrt(n)
    assert abs(x.var() - var) < 5 * math.sqrt((mu4 - var**2) / n)


def test_std_is_accurate_for_a_narrow_component_far_from_zero():
    # A collapsed model: its spread must not be lost to cancellation against mean^2.
    assert Mixture1D([1.0], [3.0], [1e-9]).std == pytest.approx(1e-9, rel=1e-9)
    assert Mixture1D([1.0], [100.0], [1e-5]).std == pytest.approx(1e-5, rel=1e-9)
    two = Mixture1D([0.5, 0.5], [1e3, 1e3 + 2e-6], [1e-6, 1e-6])
    assert two.std == pytest.approx(math.sqrt(2) * 1e-6, rel=1e-6)


# --- quantiles -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MIXTURES))
def test_quantile_inverts_the_cdf(name):
    dist = MIXTURES[name]
    for q in [1e-6, 0.0005, 0.025, 0.1, 0.3, 0.5, 0.77, 0.975, 0.9995, 1 - 1e-6]:
        x = dist.quantile(q)
        assert float(dist.cdf(x)) == pytest.approx(q, abs=1e-10)
    for x in np.linspace(dist.mean - dist.std, dist.mean + dist.std, 7):
        assert dist.quantile(float(dist.cdf(x))) == pytest.approx(x, abs=1e-8)


def test_quantiles_of_the_standard_normal():
    bell = MIXTURES["bell"]
    for q in [0.0005, 0.025, 0.5, 0.975]:
        assert bell.quantile(q) == pytest.approx(NormalDist().inv_cdf(q), abs=1e-9)


# --- zero-width components -----------------------------------------------------------------


def test_a_zero_width_component_is_a_step_in_the_cdf():
    dist = Mixture1D([0.5, 0.5], [0.0, 2.0], [1.0, 0.0])
    below, at = float(dist.cdf(np.nextafter(2.0, -np.inf))), float(dist.cdf(2.0))
    assert at - below == pytest.approx(0.5, abs=1e-12)
    assert at == pytest.approx(0.5 + 0.5 * NormalDist().cdf(2.0), abs=1e-12)
    assert dist.mass_between(1.999, 2.001) == pytest.approx(0.5, abs=1e-3)
    # Any q inside the jump has the spike as its quantile.
    for q in [below + 1e-6, 0.7, at - 1e-6]:
        assert dist.quantile(q) == pytest.approx(2.0, abs=1e-9)
    assert dist.mean == 1.0
    assert dist.std == pytest.approx(math.sqrt(0.5 * 1.0 + 1.0), rel=1e-12)


def test_a_pure_spike_is_finite_everywhere():
    spike = Mixture1D([1.0], [3.0], [0.0])
    x = np.array([-1e6, 0.0, 3.0 - 1e-12, 3.0, 3.0 + 1e-12, 1e6])
    with np.errstate(over="ignore"):  # (x - 3) / 1e-300 overflows to inf before exp(-inf) = 0
        pdf = spike.pdf(x)
    assert np.all(np.isfinite(pdf))
    np.testing.assert_array_equal(pdf[[0, 1, 2, 4, 5]], 0.0)
    assert pdf[3] > 0
    np.testing.assert_array_equal(spike.cdf(x), [0, 0, 0, 1, 1, 1])
    assert spike.mean == 3.0 and spike.std == 0.0
    assert spike.quantile(0.5) == pytest.approx(3.0, abs=1e-9)
    np.testing.assert_array_equal(spike.sample(5, np.random.default_rng(0)), np.full(5, 3.0))
    grid = spike.support_grid()
    assert np.all(np.isfinite(grid)) and grid.min() < 3.0 < grid.max()


# --- temperature and sampling --------------------------------------------------------------


@pytest.mark.parametrize("t", [0.25, 1.0, 2.5])
def test_scaled_multiplies_every_variance_by_the_temperature(t):
    dist = MIXTURES["three-modes"]
    hot = dist.scaled(t)
    np.testing.assert_allclose(hot.sds**2, t * dist.sds**2, rtol=1e-14)
    np.testing.assert_array_equal(hot.means, dist.means)
    np.testing.assert_array_equal(hot.weights, dist.weights)
    between = float(np.sum(dist.weights * (dist.means - dist.mean) ** 2))
    assert hot.std**2 == pytest.approx(between + t * 1.0, rel=1e-12)
    # For one Gaussian, scaling the variance is raising the density to the power 1/t
    # (then renormalising): compare shapes as ratios to the peak.
    bell, x = Mixture1D([1.0], [0.5], [1.3]), np.linspace(-3, 4, 15)
    hot_bell = bell.scaled(t)
    np.testing.assert_allclose(hot_bell.pdf(x) / hot_bell.pdf(0.5),
                               (bell.pdf(x) / bell.pdf(0.5)) ** (1 / t), rtol=1e-12)


@pytest.mark.parametrize("name", ["bell", "three-modes"])
def test_sample_is_reproducible_per_generator_state(name):
    dist = MIXTURES[name]
    a = dist.sample(1000, np.random.default_rng(7))
    b = dist.sample(1000, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    rng = np.random.default_rng(7)
    first, second = dist.sample(1000, rng), dist.sample(1000, rng)
    np.testing.assert_array_equal(first, a)
    assert not np.array_equal(first, second)
    assert not np.array_equal(a, dist.sample(1000, np.random.default_rng(8)))


def test_sample_is_in_random_order_and_respects_weights():
    dist = Mixture1D([0.25, 0.75], [-100.0, 100.0], [1.0, 1.0])
    x = dist.sample(20_000, np.random.default_rng(3))
    right = x > 0
    # Binomial SE of the share: sqrt(p (1 - p) / n) ~ 0.003; tolerance 5 SE.
    assert abs(right.mean() - 0.75) < 5 * math.sqrt(0.75 * 0.25 / x.size)
    # Not grouped by component: the labels switch about 2 p (1 - p) n = 7,500 times.
    assert np.count_nonzero(np.diff(right)) > 6000


def test_constructor_rejects_bad_parameters():
    with pytest.raises(ValueError, match="same length"):
        Mixture1D([0.5, 0.5], [0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="weights"):
        Mixture1D([0.5, 0.6], [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="weights"):
        Mixture1D([1.5, -0.5], [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="sds"):
        Mixture1D([1.0], [0.0], [-1.0])
    assert "N(" in repr(MIXTURES["bell"])
