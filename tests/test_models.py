"""Tests for the 1-D models: GaussianModel, MixtureModel (EM against scikit-learn), KDEModel.

The models fit many runs at once (a row of data per run); most tests fit one run."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from collapse_core.families.continuous.distributions import Mixture1D
from collapse_core.families.continuous.experiment import fitted_distribution
from collapse_core.families.continuous.gaussian import GaussianModel
from collapse_core.families.continuous.gridded import binned_gaussian_smooth
from collapse_core.families.continuous.kde import KDEModel
from collapse_core.families.continuous.mixture import MAX_COMPONENTS, REG_COVAR, MixtureModel, em_1d
from collapse_core.families.continuous.sources import continuous_source


def _data(n: int, seed: int = 0, name: str = "three-modes") -> np.ndarray:
    return continuous_source(name).original(n, np.random.default_rng(seed))


def _fit(model, x, rng=None):
    """The model fitted to one run's data (a batch of one run)."""
    return model.fit(np.asarray(x, dtype=float)[None, :], [rng])


def _one(model):
    """The fitted distribution of the model's one run."""
    return fitted_distribution(model, 0)


def _draw(model, n: int, rng, temperature: float = 1.0) -> np.ndarray:
    """n draws from the model's one run."""
    return model.sample(n, [rng], temperature)[0]


def _em(x, *start, **options):
    """em_1d for one mixture."""
    return tuple(p[0] for p in em_1d(x[None], *(np.asarray(p)[None] for p in start), **options))


def _sklearn_em(x, weights, means, variances, max_iter=100):
    """scikit-learn's GaussianMixture, started from the given parameters (the oracle)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    gm = GaussianMixture(
        n_components=weights.size, reg_covar=REG_COVAR, tol=1e-3, max_iter=max_iter,
        weights_init=weights, means_init=means.reshape(-1, 1),
        precisions_init=(1.0 / variances).reshape(-1, 1, 1),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(x.reshape(-1, 1))
    return gm.weights_, gm.means_.ravel(), gm.covariances_.ravel()


# --- GaussianModel -------------------------------------------------------------------------


def test_gaussian_mle_and_unbiased_are_numpy_var_with_ddof_0_and_1():
    x = _data(37, seed=1, name="heavy-tail")
    mle = _fit(GaussianModel("mle"), x)
    unbiased = _fit(GaussianModel("unbiased"), x)
    assert mle.mean_ == x.mean() and unbiased.mean_ == x.mean()
    assert mle.var_ == np.var(x, ddof=0)
    assert unbiased.var_ == np.var(x, ddof=1)
    assert unbiased.var_ == pytest.approx(mle.var_ * 37 / 36, rel=1e-14)
    assert isinstance(_one(mle), Mixture1D)
    assert _one(mle).mean == pytest.approx(x.mean(), abs=1e-15)
    assert _one(mle).std == pytest.approx(np.std(x), rel=1e-14)


def test_gaussian_default_is_mle_and_fit_returns_self():
    model = GaussianModel()
    assert model.estimator == "mle"
    assert _fit(model, np.array([0.0, 2.0])) is model and model.var_ == 1.0


@pytest.mark.parametrize("t", [0.5, 1.0, 2.0])
def test_gaussian_samples_at_temperature_have_variance_t_times_var(t):
    model = _fit(GaussianModel(), np.array([-1.0, 0.0, 3.0, 4.0]))
    n = 200_000
    y = _draw(model, n, np.random.default_rng(11), t)
    var = t * model.var_[0]
    # SE of the sample mean is sqrt(var / n); of the sample variance sqrt(2 var^2 / n). 5 SE.
    assert abs(y.mean() - model.mean_[0]) < 5 * math.sqrt(var / n)
    assert abs(y.var() - var) < 5 * math.sqrt(2 / n) * var


def test_gaussian_rejects_bad_estimator_and_tiny_data():
    with pytest.raises(ValueError, match="estimator"):
        GaussianModel("median")
    with pytest.raises(ValueError, match="2 data points"):
        _fit(GaussianModel(), np.array([1.0]))


# --- MixtureModel --------------------------------------------------------------------------


@pytest.mark.parametrize("max_iter", [1, 3, 100])
def test_em_1d_matches_scikit_learn_from_the_same_start(max_iter):
    # Oracle: the same EM, step for step (max_iter 1 and 3 stop before convergence).
    x = _data(3000, seed=2)
    weights = np.array([0.2, 0.5, 0.3])
    means = np.array([-3.0, 1.0, 4.0])
    variances = np.array([2.0, 0.5, 3.0])
    ours = _em(x, weights, means, variances, max_iter=max_iter)
    theirs = _sklearn_em(x, weights, means, variances, max_iter=max_iter)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_em_1d_converges_to_the_same_fit_as_scikit_learn_on_overlapping_modes():
    x = _data(2000, seed=3, name="heavy-tail")  # two components with the same centre
    start = np.array([0.5, 0.5]), np.array([-0.1, 0.2]), np.array([0.5, 9.0])
    ours, theirs = _em(x, *start), _sklearn_em(x, *start)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-12)
    assert ours[0].sum() == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("max_iter", [2, 100])
def test_em_1d_fits_each_row_as_that_row_alone(max_iter):
    # Rows converge after different numbers of steps and stop on their own; each row is the
    # one-row EM to the last bit.
    x = np.stack([_data(500, seed=seed) for seed in range(4)])
    start = (np.tile([0.3, 0.4, 0.3], (4, 1)), np.array([-3.0, 0.5, 5.0]) + 0.3 * x[:, :1],
             np.tile([1.0, 2.0, 0.5], (4, 1)))
    together = em_1d(x, *start, max_iter=max_iter)
    for row in range(4):
        alone = _em(x[row], *(p[row] for p in start), max_iter=max_iter)
        for a, b in zip(together, alone, strict=True):
            np.testing.assert_array_equal(a[row], b)


def test_mixture_cold_start_is_scikit_learn_seeded_from_the_generator():
    from sklearn.mixture import GaussianMixture

    x = _data(1500, seed=4)
    model = _fit(MixtureModel(3), x, np.random.default_rng(9))
    seed = int(np.random.default_rng(9).integers(2**31 - 1))
    gm = GaussianMixture(3, reg_covar=REG_COVAR, random_state=seed).fit(x.reshape(-1, 1))
    np.testing.assert_allclose(_one(model).means, gm.means_.ravel(), rtol=1e-12)
    np.testing.assert_allclose(_one(model).sds**2, gm.covariances_.ravel(), rtol=1e-12)


def test_mixture_refit_continues_em_from_the_previous_fit():
    rng = np.random.default_rng(5)
    model = _fit(MixtureModel(3), _data(1000, seed=5), rng)
    previous = _one(model)
    x2 = _data(1000, seed=6)
    _fit(model, x2, rng)
    expected = _em(x2, previous.weights, previous.means, previous.sds**2)
    np.testing.assert_allclose(_one(model).weights, expected[0], rtol=1e-12)
    np.testing.assert_allclose(_one(model).means, expected[1], rtol=1e-12)
    np.testing.assert_allclose(_one(model).sds**2, expected[2], rtol=1e-12)


def test_mixture_recovers_three_well_separated_modes():
    truth = Mixture1D([0.5, 0.3, 0.2], [-10.0, 0.0, 10.0], [1.0, 2.0, 0.5])
    n = 6000
    x = truth.sample(n, np.random.default_rng(12))
    fitted = _one(_fit(MixtureModel(3), x, np.random.default_rng(0)))
    order = np.argsort(fitted.means)
    w, m, s = fitted.weights[order], fitted.means[order], fitted.sds[order]
    # With separated modes EM is (almost) the per-cluster MLE: SE(weight) = sqrt(w(1-w)/n),
    # SE(mean) = sd / sqrt(n w), SE(sd) = sd / sqrt(2 n w). Tolerance 5 SE.
    nk = n * truth.weights
    assert np.all(np.abs(w - truth.weights) < 5 * np.sqrt(truth.weights * (1 - truth.weights) / n))
    assert np.all(np.abs(m - truth.means) < 5 * truth.sds / np.sqrt(nk))
    assert np.all(np.abs(s - truth.sds) < 5 * truth.sds / np.sqrt(2 * nk))


def test_mixture_caps_components_at_the_number_of_distinct_values():
    x = np.array([1.0, 1.0, 2.0, 2.0, 2.0, 5.0, 5.0])
    fitted = _one(_fit(MixtureModel(5), x, np.random.default_rng(0)))
    assert fitted.weights.size == 3
    np.testing.assert_allclose(np.sort(fitted.means), [1.0, 2.0, 5.0], atol=1e-9)
    np.testing.assert_allclose(np.sort(fitted.weights), [2 / 7, 2 / 7, 3 / 7], atol=1e-9)


def test_mixture_fits_all_equal_data():
    model = _fit(MixtureModel(3), np.full(50, 2.5), np.random.default_rng(0))
    dist = _one(model)
    assert dist.weights.size == 1
    assert dist.mean == pytest.approx(2.5)
    assert dist.std == pytest.approx(math.sqrt(REG_COVAR))  # only scikit-learn's reg_covar
    y = _draw(model, 10, np.random.default_rng(1))
    assert np.all(np.isfinite(y)) and np.all(np.abs(y - 2.5) < 0.01)
    # A warm refit on equal data from a one-component fit stays finite too.
    _fit(model, np.full(50, 2.5), np.random.default_rng(2))
    assert np.isfinite(_one(model).std)


@pytest.mark.parametrize("bad", [0, MAX_COMPONENTS + 1, 2.5, "3", None, -1])
def test_mixture_rejects_bad_components(bad):
    with pytest.raises(ValueError, match="components"):
        MixtureModel(bad)


def test_mixture_accepts_numpy_integers():
    assert MixtureModel(np.int64(4)).components == 4


# --- KDEModel ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bell", "three-modes", "heavy-tail"])
def test_kde_rule_of_thumb_bandwidths(name):
    x = _data(500, seed=7, name=name)
    n, sd = x.size, np.std(x, ddof=1)
    q75, q25 = np.quantile(x, [0.75, 0.25])
    assert _fit(KDEModel("scott"), x).bandwidth_ == pytest.approx(1.06 * sd * n**-0.2, rel=1e-12)
    silverman = 0.9 * min(sd, (q75 - q25) / 1.34) * n**-0.2
    assert _fit(KDEModel("silverman"), x).bandwidth_ == pytest.approx(silverman, rel=1e-12)


def test_silverman_uses_the_robust_spread_for_heavy_tails_and_sd_for_two_clumps():
    heavy = _data(2000, seed=8, name="heavy-tail")
    q75, q25 = np.quantile(heavy, [0.75, 0.25])
    assert (q75 - q25) / 1.34 < heavy.std(ddof=1)  # the IQR form is the smaller one here
    h = _fit(KDEModel("silverman"), heavy).bandwidth_
    assert h == pytest.approx(0.9 * (q75 - q25) / 1.34 * 2000**-0.2, rel=1e-12)
    clumps = np.repeat([-1.0, 1.0], 50) + np.tile(np.linspace(-0.01, 0.01, 50), 2)
    h = _fit(KDEModel("silverman"), clumps).bandwidth_
    assert h == pytest.approx(0.9 * clumps.std(ddof=1) * 100**-0.2, rel=1e-12)


@pytest.mark.parametrize("bandwidth", [0.3, "0.3", 2])
def test_kde_keeps_a_numeric_bandwidth(bandwidth):
    model = _fit(KDEModel(bandwidth), _data(100, seed=9))
    assert model.bandwidth_ == [float(bandwidth)] and model.bandwidth_.dtype == float


@pytest.mark.parametrize("bandwidth", ["scott", 0.05, 1.5])
def test_binned_density_matches_a_direct_sum_of_kernels(bandwidth):
    x = _data(400, seed=10)
    model = _fit(KDEModel(bandwidth), x)
    h = model.bandwidth_[0]
    xs = np.linspace(x.min() - 3 * h, x.max() + 3 * h, 777)
    kernels = np.exp(-0.5 * ((xs[:, None] - x) / h) ** 2) / (h * np.sqrt(2 * np.pi))
    direct = kernels.mean(axis=1)
    binned = _one(model).pdf(xs)
    # Linear binning + linear interpolation err by O((grid step / h)^2) of the peak density.
    step = _one(model).step
    assert step < h / 4
    np.testing.assert_allclose(binned, direct, atol=max(2 * (step / h) ** 2, 1e-4) * direct.max())
    assert np.trapezoid(binned, xs) == pytest.approx(1.0, abs=1e-3)


def test_binned_smooth_conserves_mass_and_centre():
    x = np.array([0.0, 0.1, 3.0])
    grid, masses = binned_gaussian_smooth(x, 0.5)
    assert grid.size == masses.size == 2048 and np.all(masses >= 0)
    assert masses.sum() == pytest.approx(x.size, rel=1e-9)
    assert np.sum(grid * masses) / masses.sum() == pytest.approx(x.mean(), abs=1e-9)


def test_kde_std_is_data_variance_plus_bandwidth_squared():
    x = _data(300, seed=11)
    model = _fit(KDEModel(0.7), x)
    dist = _one(model)
    assert dist.std == pytest.approx(math.sqrt(x.var() + 0.49), rel=1e-12)
    assert dist.mean == pytest.approx(x.mean(), rel=1e-12)
    # The binned curve has the same spread (its grid is fine compared with h).
    grid_var = np.sum(dist.masses * (dist.grid - dist.mean) ** 2)
    assert math.sqrt(grid_var) == pytest.approx(dist.std, rel=1e-3)
    # And so do the model's samples: SE of the sample variance is about
    # sqrt((mu4 - var^2) / n) <= sqrt(3) var / sqrt(n) for this light-tailed mixture. 5 SE.
    n = 200_000
    y = _draw(model, n, np.random.default_rng(1))
    assert abs(y.var() - dist.std**2) < 5 * math.sqrt(3 / n) * dist.std**2


def test_kde_samples_at_temperature_widen_only_the_kernel():
    x = np.array([-2.0, 0.0, 2.0])
    model = _fit(KDEModel(0.5), x)
    n, t = 200_000, 3.0
    y = _draw(model, n, np.random.default_rng(2), t)
    var = x.var() + t * 0.25
    assert abs(y.var() - var) < 5 * math.sqrt(3 / n) * var


@pytest.mark.parametrize("bad", ["wide", "-1", -1.0, 0, float("nan"), float("inf"), "inf"])
def test_kde_rejects_bad_bandwidth(bad):
    with pytest.raises(ValueError, match="bandwidth"):
        KDEModel(bad)


def test_kde_rejects_tiny_data():
    with pytest.raises(ValueError, match="2 data points"):
        _fit(KDEModel(), np.array([1.0]))


# --- reproducibility -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "make", [lambda: GaussianModel("unbiased"), lambda: MixtureModel(3), lambda: KDEModel()]
)
def test_same_generator_state_gives_the_same_fit_and_samples(make):
    x = _data(500, seed=12)

    def fit_and_sample(seed):
        rng = np.random.default_rng(seed)
        model = _fit(make(), x, rng)
        return _draw(model, 300, rng, 1.0), _draw(model, 300, rng, 0.5)

    a, b, c = fit_and_sample(3), fit_and_sample(3), fit_and_sample(4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], a[1])
    assert not np.array_equal(a[0], c[0])


def test_reprs_name_the_parameters():
    assert "unbiased" in repr(GaussianModel("unbiased"))
    assert "components=4" in repr(MixtureModel(4))
    assert "silverman" in repr(KDEModel("silverman"))
