"""Tests for collapse_core.special (digamma) and collapse_core.theory: references, identities,
Monte Carlo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collapse_core import theory
from collapse_core.special import digamma
from collapse_core.theory import NoClosedForm

EULER_GAMMA = 0.57721566490153286061

# --- special functions ----------------------------------------------------------------------


def test_digamma_known_values():
    assert digamma(1.0) == pytest.approx(-EULER_GAMMA, abs=1e-12)
    assert digamma(0.5) == pytest.approx(-EULER_GAMMA - 2.0 * math.log(2.0), abs=1e-12)
    for n in range(1, 40):  # psi(n) = -gamma + H_{n-1}; psi(n + 1/2) = psi(1/2) + sum 2/(2k-1)
        harmonic = sum(1.0 / k for k in range(1, n))
        assert digamma(float(n)) == pytest.approx(-EULER_GAMMA + harmonic, abs=1e-11)
        odd = sum(2.0 / (2 * k - 1) for k in range(1, n + 1))
        expected = -EULER_GAMMA - 2.0 * math.log(2.0) + odd
        assert digamma(n + 0.5) == pytest.approx(expected, abs=1e-11)
    assert digamma(1e-8) == pytest.approx(-1e8 - EULER_GAMMA, rel=1e-15)
    assert digamma(1e10) == pytest.approx(math.log(1e10) - 0.5e-10, rel=1e-15)


def test_digamma_recurrence_and_duplication_on_grid():
    x = np.linspace(0.01, 30.0, 30_001)
    np.testing.assert_allclose(digamma(x + 1.0), digamma(x) + 1.0 / x, rtol=1e-12, atol=1e-12)
    # Legendre duplication: psi(2x) = (psi(x) + psi(x + 1/2)) / 2 + ln 2.
    dup = 0.5 * (digamma(x) + digamma(x + 0.5)) + math.log(2.0)
    np.testing.assert_allclose(digamma(2.0 * x), dup, rtol=1e-12, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0.05, max_value=50.0))
def test_digamma_is_derivative_of_lgamma(x):
    h = 1e-5 * max(x, 1.0)
    numeric = (math.lgamma(x + h) - math.lgamma(x - h)) / (2.0 * h)
    assert digamma(x) == pytest.approx(numeric, rel=1e-7, abs=1e-7)


def test_digamma_rejects_nonpositive():
    for bad in (0.0, -1.5, np.array([1.0, -2.0]), np.nan):
        with pytest.raises(ValueError, match="x must be > 0"):
            digamma(bad)


# --- theory: identities between closed forms ------------------------------------------------


@pytest.mark.parametrize("n", [2, 5, 50])
def test_lengths_and_generation_zero(n):
    c = (n - 1) / n
    for arr in (
        theory.expected_variance(6, n),
        theory.expected_variance_unbiased(6, n),
        theory.expected_variance_accumulate(6, n),
        theory.expected_variance_fresh(6, n, 0.4),
        theory.variance_of_mean(6, n),
        theory.typical_variance(6, n),
        theory.gini_simpson(6, n, 0.7),
        theory.category_survival(6, n, 0.1),
        theory.kde_expected_spread(6, n, 0.3),
    ):
        assert arr.shape == (7,)
    assert theory.expected_variance_mle(0, n, s0=2.0)[0] == pytest.approx(4.0 * c)
    assert theory.expected_variance_accumulate(0, n)[0] == pytest.approx(c)
    assert theory.expected_variance_fresh(0, n, 0.3)[0] == pytest.approx(c)
    assert theory.variance_of_mean(0, n, "unbiased")[0] == pytest.approx(1.0 / n)


def test_mle_and_unbiased_formulas():
    n, s0 = 7, 1.5
    c = (n - 1) / n
    g = np.arange(9)
    np.testing.assert_allclose(theory.expected_variance(8, n, s0=s0), s0**2 * c ** (g + 1))
    np.testing.assert_allclose(theory.expected_variance(8, n, estimator="unbiased", s0=s0), s0**2)
    np.testing.assert_allclose(
        theory.expected_variance(8, n, s0=s0, temperature=0.9), s0**2 * c * (0.9 * c) ** g
    )
    np.testing.assert_allclose(
        theory.expected_variance(8, n, estimator="unbiased", temperature=1.2), 1.2**g
    )


def test_temperature_one_reduces_to_plain():
    for est in ("mle", "unbiased"):
        np.testing.assert_allclose(
            theory.expected_variance(10, 9, estimator=est, temperature=1.0),
            theory.expected_variance(10, 9, estimator=est),
        )


def test_fresh_fraction_zero_and_one():
    n, s0 = 12, 0.7
    c = (n - 1) / n
    np.testing.assert_allclose(
        theory.expected_variance_fresh(15, n, 0.0, s0), theory.expected_variance_mle(15, n, s0)
    )
    np.testing.assert_allclose(theory.expected_variance_fresh(15, n, 1.0, s0), s0**2 * c)
    assert theory.fresh_fixed_point(n, 1.0, s0) == pytest.approx(s0**2 * c)
    assert theory.fresh_fixed_point(n, 0.0, s0) == 0.0


@pytest.mark.parametrize(("n", "a"), [(10, 0.1), (20, 0.5), (100, 0.03), (5, 0.8)])
def test_fresh_converges_to_fixed_point(n, a):
    e = theory.expected_variance_fresh(3000, n, a)
    assert e[-1] == pytest.approx(theory.fresh_fixed_point(n, a), rel=1e-10)


def test_fresh_conserves_mle_total():
    # MLE conservation: E[var] + E[(mean - mu0)^2] = s0^2 for the fresh iteration too.
    e, v = theory._fresh_moments(20, 9, 0.35, 1.3)
    np.testing.assert_allclose(e + v, 1.3**2, rtol=1e-13)


def test_mle_conservation_replace():
    for n in (2, 6, 40):
        total = theory.expected_variance(25, n, s0=2.0) + theory.variance_of_mean(25, n, "mle", 2.0)
        np.testing.assert_allclose(total, 4.0, rtol=1e-13)


def test_accumulate_limit():
    for n in (4, 25, 100):
        e = theory.expected_variance_accumulate(200_000, n, s0=1.3)
        limit = theory.accumulate_limit(n, 1.3)
        # Tail of the product: prod_{k>K}(1 - 1/(N k^2)) ~ 1 - 1/(N K).
        assert e[-1] == pytest.approx(limit, rel=2.0 / (n * 200_000))
        assert np.all(np.diff(e) < 0) and np.all(e > limit)


def test_dispatcher_rounds_fresh_fraction_like_the_training_set():
    # 0.25 * 10 = 2.5 fresh items rounds half up to 3 (as Settings.human_count), i.e. a = 0.3.
    np.testing.assert_allclose(
        theory.expected_variance(5, 10, fresh_fraction=0.25),
        theory.expected_variance_fresh(5, 10, 0.3),
    )
    assert theory.effective_fresh_fraction(10, 0.34) == pytest.approx(0.3)
    # Fewer than half an item of fresh data is no fresh data at all.
    np.testing.assert_allclose(
        theory.expected_variance(5, 10, fresh_fraction=0.04, temperature=0.8),
        theory.expected_variance_mle(5, 10, temperature=0.8),
    )


def test_log_variance_and_typical_variance():
    n = 10
    step_mle = digamma(4.5) + math.log(2.0) - math.log(10.0)
    np.testing.assert_allclose(
        theory.expected_log_variance_shift(4, n), step_mle * np.arange(1, 6), rtol=1e-12
    )
    unb = theory.expected_log_variance_shift(4, n, "unbiased")
    np.testing.assert_allclose(unb, (step_mle + math.log(10.0 / 9.0)) * np.arange(1, 6))
    typical = theory.typical_variance(30, n, "unbiased", s0=2.0)
    assert np.all(np.diff(typical) < 0)  # the mean stays at s0^2, yet the typical run shrinks
    assert typical[0] < 4.0
    # Jensen: the geometric mean is below the arithmetic mean.
    assert np.all(theory.typical_variance(30, n) < theory.expected_variance(30, n))


def test_gini_simpson_and_survival_formulas():
    np.testing.assert_allclose(theory.gini_simpson(3, 4, 0.6), 0.6 * 0.75 ** np.arange(1, 5))
    s = theory.category_survival(50, 30, 0.02)
    assert s[0] == pytest.approx(1.0 - math.exp(-0.6))
    assert np.all(np.diff(s) < 0)
    # g_k ~ 2/k for large k.
    k = 51
    assert -math.log1p(-s[-1]) / (30 * 0.02) == pytest.approx(2.0 / k, rel=0.1)
    np.testing.assert_array_equal(theory.category_survival(5, 30, 0.0), 0.0)


def test_kde_formula_limits():
    n, h = 8, 0.4
    c = (n - 1) / n
    k = theory.kde_expected_spread(4000, n, h, s0=1.0)
    assert k[0] == pytest.approx(c + h**2)
    assert k[1] == pytest.approx(c * (c + h**2) + h**2)
    assert k[-1] == pytest.approx(n * h**2, rel=1e-9)
    np.testing.assert_allclose(
        theory.kde_expected_spread(6, n, 0.0, 2.0), theory.expected_variance_mle(6, n, 2.0)
    )


# --- theory: validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: theory.expected_variance(-1, 10), "generations"),
        (lambda: theory.expected_variance(2.5, 10), "generations"),
        (lambda: theory.expected_variance(True, 10), "generations"),
        (lambda: theory.expected_variance(3, 1), "sample_size"),
        (lambda: theory.expected_variance(3, 10.0), "sample_size"),
        (lambda: theory.expected_variance(3, 10, s0=0.0), "s0"),
        (lambda: theory.expected_variance(3, 10, s0=-1.0), "s0"),
        (lambda: theory.expected_variance(3, 10, temperature=0.0), "temperature"),
        (lambda: theory.expected_variance(3, 10, temperature=math.inf), "temperature"),
        (lambda: theory.expected_variance(3, 10, fresh_fraction=1.5), "fresh_fraction"),
        (lambda: theory.expected_variance(3, 10, fresh_fraction=-0.1), "fresh_fraction"),
        (lambda: theory.expected_variance(3, 10, fresh_fraction=math.nan), "fresh_fraction"),
        (lambda: theory.expected_variance(3, 10, estimator="map"), "estimator"),
        (lambda: theory.expected_variance(3, 10, scheme="mix"), "scheme"),
        (lambda: theory.expected_variance(3, 10, human_data="web"), "human_data"),
        (lambda: theory.expected_variance_fresh(3, 10, 2.0), "fresh_fraction"),
        (lambda: theory.fresh_fixed_point(10, -0.5), "fresh_fraction"),
        (lambda: theory.accumulate_limit(1), "sample_size"),
        (lambda: theory.variance_of_mean(3, 10, "bayes"), "estimator"),
        (lambda: theory.gini_simpson(3, 10, 1.2), "h0"),
        (lambda: theory.category_survival(3, 10, -0.1), "p"),
        (lambda: theory.kde_expected_spread(3, 10, -1.0), "bandwidth"),
    ],
)
def test_validation_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name) as info:
        call()
    assert not isinstance(info.value, NoClosedForm)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"scheme": "accumulate", "estimator": "unbiased"},
        {"scheme": "accumulate", "temperature": 0.9},
        {"scheme": "accumulate", "fresh_fraction": 0.5},
        {"fresh_fraction": 0.5, "temperature": 0.9},
        {"fresh_fraction": 0.5, "estimator": "unbiased"},
        {"fresh_fraction": 0.5, "human_data": "original"},
    ],
)
def test_no_closed_form(kwargs):
    with pytest.raises(NoClosedForm, match="simulation") as info:
        theory.expected_variance(5, 10, **kwargs)
    assert isinstance(info.value, ValueError)


def test_numpy_integers_accepted():
    np.testing.assert_allclose(
        theory.expected_variance(np.int64(3), np.int32(10)), theory.expected_variance(3, 10)
    )


# --- Monte Carlo: simulate the recursion directly in numpy -----------------------------------

RUNS = 20_000
Z = 4.5  # tolerance in standard errors of the simulated mean (std / sqrt(runs))


def assert_mc_mean(samples, expected):
    """Column means of samples (runs x generations) agree with expected within Z standard errors."""
    samples = np.asarray(samples)
    mean = samples.mean(axis=0)
    se = samples.std(axis=0) / math.sqrt(samples.shape[0])
    assert np.all(np.abs(mean - expected) <= Z * se + 1e-12), (mean, expected, se)


def simulate_replace(rng, n, gens, *, ddof, temperature=1.0, fresh=0):
    """Means and variances (runs x generations) of the Gaussian recursion, truth N(0, 1)."""
    x = rng.standard_normal((RUNS, n))
    means, variances = [x.mean(axis=1)], [x.var(axis=1, ddof=ddof)]
    for _ in range(gens):
        sd = np.sqrt(temperature * variances[-1])[:, None]
        x = means[-1][:, None] + sd * rng.standard_normal((RUNS, n))
        x[:, :fresh] = rng.standard_normal((RUNS, fresh))  # fresh human draws from the truth
        means.append(x.mean(axis=1))
        variances.append(x.var(axis=1, ddof=ddof))
    return np.array(means).T, np.array(variances).T


@pytest.mark.parametrize("temperature", [1.0, 0.8])
def test_mc_mle_replace(temperature):
    rng = np.random.default_rng(20240601)
    n, gens = 8, 5
    means, variances = simulate_replace(rng, n, gens, ddof=0, temperature=temperature)
    assert_mc_mean(variances, theory.expected_variance(gens, n, temperature=temperature))
    if temperature == 1.0:
        assert_mc_mean(means**2, theory.variance_of_mean(gens, n, "mle"))
        assert_mc_mean(np.log(variances), theory.expected_log_variance_shift(gens, n, "mle"))


@pytest.mark.parametrize("temperature", [1.0, 1.2])
def test_mc_unbiased_replace(temperature):
    rng = np.random.default_rng(7)
    n, gens = 8, 5
    means, variances = simulate_replace(rng, n, gens, ddof=1, temperature=temperature)
    expected = theory.expected_variance(gens, n, estimator="unbiased", temperature=temperature)
    assert_mc_mean(variances, expected)
    if temperature == 1.0:
        assert_mc_mean(means**2, theory.variance_of_mean(gens, n, "unbiased"))
        shift = theory.expected_log_variance_shift(gens, n, "unbiased")
        assert_mc_mean(np.log(variances), shift)
        # The mean stays put, yet the median run shrinks: well below s0^2 by generation 5.
        assert np.median(variances[:, -1]) < 0.75


def test_mc_mle_fresh():
    rng = np.random.default_rng(11)
    n, gens, fresh = 10, 6, 3
    means, variances = simulate_replace(rng, n, gens, ddof=0, fresh=fresh)
    expected = theory.expected_variance(gens, n, fresh_fraction=fresh / n)
    assert_mc_mean(variances, expected)
    assert_mc_mean(variances + means**2, np.ones(gens + 1))  # MLE conservation


def test_mc_mle_accumulate():
    rng = np.random.default_rng(3)
    n, gens = 6, 5
    pool = rng.standard_normal((RUNS, n))
    variances = [pool.var(axis=1)]
    for _ in range(gens):
        mean, sd = pool.mean(axis=1, keepdims=True), pool.std(axis=1, keepdims=True)
        pool = np.concatenate([pool, mean + sd * rng.standard_normal((RUNS, n))], axis=1)
        variances.append(pool.var(axis=1))  # equal weights: one fit to every item so far
    assert_mc_mean(np.array(variances).T, theory.expected_variance(gens, n, scheme="accumulate"))


def test_mc_kde_fixed_bandwidth():
    rng = np.random.default_rng(5)
    n, gens, h, s0 = 10, 6, 0.5, 1.5
    x = s0 * rng.standard_normal((RUNS, n))
    rows = np.arange(RUNS)[:, None]
    model_var = [x.var(axis=1) + h**2]
    for _ in range(gens):
        # Sample from the KDE: pick a training point, add h * standard normal noise.
        x = x[rows, rng.integers(n, size=(RUNS, n))] + h * rng.standard_normal((RUNS, n))
        model_var.append(x.var(axis=1) + h**2)
    assert_mc_mean(np.array(model_var).T, theory.kde_expected_spread(gens, n, h, s0))


def test_mc_gini_simpson():
    rng = np.random.default_rng(13)
    n, gens = 15, 5
    p0 = np.array([0.5, 0.2, 0.15, 0.1, 0.05])
    p = np.broadcast_to(p0, (RUNS, p0.size))
    gini = []
    for _ in range(gens + 1):
        p = rng.multinomial(n, p) / n
        gini.append(1.0 - np.sum(p**2, axis=1))
    assert_mc_mean(np.array(gini).T, theory.gini_simpson(gens, n, 1.0 - np.sum(p0**2)))


def test_mc_category_survival_is_close():
    rng = np.random.default_rng(17)
    n, gens, p_rare = 200, 8, 0.01
    counts = rng.binomial(n, p_rare, size=RUNS)  # the rare category against everything else
    alive = [counts > 0]
    for _ in range(gens):
        counts = rng.binomial(n, counts / n)
        alive.append(counts > 0)
    simulated = np.array(alive).T.mean(axis=0)
    # A Poisson branching approximation, not exact: allow 0.01 on top of the sampling error.
    se = np.sqrt(simulated * (1 - simulated) / RUNS)
    assert np.all(np.abs(simulated - theory.category_survival(gens, n, p_rare)) < 0.01 + Z * se)
