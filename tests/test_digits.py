"""Tests for the digits experiment: real images, the PCA + mixture image model, its metrics,
the recursion's statistics and the CLI."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

from collapse_core import Settings, build_experiment, simulate
from collapse_core.cli import main
from collapse_core.families.digits.experiment import SHOWN, DigitsExperiment, to_pixels
from collapse_core.families.digits.metrics import (
    DIGITS_METRICS,
    MAX_ENTROPY,
    classifier_accuracy,
    digits_metrics,
    diversity,
    mix_metrics,
    read_digits,
    real_reference,
)
from collapse_core.families.digits.model import (
    INK,
    MAX_COMPONENTS,
    MAX_ITER,
    MAX_LATENT_DIMS,
    REG_COVAR,
    TOL,
    DigitsModel,
    DigitsSource,
    _distinct_rows,
    em_full,
    m_step,
    real_digits,
    responsibilities,
)

COLUMNS = ["run", "generation", *DIGITS_METRICS]


def _fitted(n: int = 300, seed: int = 0, **params) -> DigitsModel:
    rng = np.random.default_rng(seed)
    return DigitsModel(**params).fit(DigitsSource().original(n, rng), rng)


# --- the real digits -----------------------------------------------------------------------


def test_held_out_digits_are_never_human_data():
    real = real_digits()
    assert len(real.images) + len(real.test_images) == 1797
    assert len(real.test_images) == pytest.approx(0.3 * 1797, abs=1)
    pool = {row.tobytes() for row in real.images}
    source, rng = DigitsSource(), np.random.default_rng(1)
    original = source.original(500, rng)
    drawn = [original, source.human(original, 200, "fresh", rng),
             source.original(3000, rng)]  # more than the pool: drawn with replacement
    for images in drawn:
        assert all(row.tobytes() in pool for row in images)
    # Without replacement when the pool is big enough (the pool has no duplicate images).
    assert len(np.unique(real.images, axis=0)) == len(real.images)
    assert len(np.unique(original, axis=0)) == len(original)


def test_original_human_data_comes_from_the_original_sample():
    source, rng = DigitsSource(), np.random.default_rng(2)
    original = source.original(100, rng)
    kept = {row.tobytes() for row in original}
    human = source.human(original, 60, "original", rng)
    assert human.shape == (60, 64) and all(row.tobytes() in kept for row in human)
    with pytest.raises(ValueError, match="human_data"):
        source.human(original, 10, "recycled", rng)


def test_the_classifier_is_accurate_on_held_out_real_digits():
    assert classifier_accuracy() > 0.95
    real = real_digits()
    # read_digits (a matrix product) agrees with scikit-learn's own predict.
    from collapse_core.families.digits.metrics import classifier

    np.testing.assert_array_equal(read_digits(real.test_images),
                                  classifier().predict(real.test_images / INK))


# --- the model -----------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"latent_dims": 2, "components": 3},
                                    {"latent_dims": MAX_LATENT_DIMS, "components": 1}])
@pytest.mark.parametrize("temperature", [0.5, 1.0, 1.5])
def test_samples_are_images_in_the_valid_pixel_range(params, temperature):
    model = _fitted(**params)
    images = model.sample(250, np.random.default_rng(3), temperature)
    assert images.shape == (250, 64) and images.dtype == float
    assert np.isfinite(images).all() and images.min() >= 0 and images.max() <= INK
    assert len(np.unique(images, axis=0)) == 250  # fresh draws, not copies


def test_fit_and_sample_are_reproducible_per_generator_state():
    first = _fitted(seed=4).sample(50, np.random.default_rng(5))
    again = _fitted(seed=4).sample(50, np.random.default_rng(5))
    np.testing.assert_array_equal(first, again)
    other = _fitted(seed=4).sample(50, np.random.default_rng(6))
    assert not np.allclose(first, other)


@pytest.mark.parametrize("name", ["latent_dims", "components"])
@pytest.mark.parametrize("bad", [0, -1, 2.5, "3", None, True, 10_000])
def test_bad_params_are_refused_by_name(name, bad):
    with pytest.raises(ValueError, match=name):
        DigitsModel(**{name: bad})
    if bad is not None:  # build_experiment takes None as "the default"
        with pytest.raises(ValueError, match=name):
            build_experiment("digits", **{name: bad})


def test_params_are_stored_and_shown():
    model = DigitsModel(np.int64(4), 7)
    assert (model.latent_dims, model.components) == (4, 7)
    assert repr(model) == "DigitsModel(latent_dims=4, components=7)"
    assert DigitsModel(MAX_LATENT_DIMS, MAX_COMPONENTS).components == MAX_COMPONENTS


def test_capacity_is_capped_by_the_data():
    rng = np.random.default_rng(7)
    few = np.repeat(DigitsSource().original(3, rng), 4, axis=0)  # 3 distinct images
    model = DigitsModel(latent_dims=10, components=10).fit(few, rng)
    assert model.weights_.size == 3 and model.basis_.shape == (2, 64)
    assert model.sample(5, rng).shape == (5, 64)


@pytest.mark.parametrize("enough", [1, 3, 4, 11, 50])
def test_distinct_rows_counts_as_far_as_asked(enough):
    """The fit's cheap count agrees with a full np.unique, wherever the repeats are."""
    rng = np.random.default_rng(9)
    images = DigitsSource().original(6, rng)
    for x in (images, np.repeat(images, 5, axis=0), images[[0] * 30 + [1, 2, 3, 4, 5]],
              images[rng.integers(0, 6, size=40)]):
        assert _distinct_rows(x, enough) == min(len(np.unique(x, axis=0)), enough)


def test_em_matches_scikit_learn_from_the_same_start():
    """Oracle: our full-covariance EM continues exactly as GaussianMixture from its start."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    rng = np.random.default_rng(8)
    x = real_digits().images[:400]
    centre, basis = DigitsModel._pca(x, 6)
    z = (x - centre) @ basis.T
    resp = rng.dirichlet(np.ones(4), size=len(z))
    weights, means, covs = m_step(z, resp)
    ours = em_full(z, resp)
    gm = GaussianMixture(4, covariance_type="full", reg_covar=REG_COVAR, tol=TOL,
                         max_iter=MAX_ITER, weights_init=weights, means_init=means,
                         precisions_init=np.linalg.inv(covs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(z)
    for mine, theirs in zip(ours, (gm.weights_, gm.means_, gm.covariances_), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(responsibilities(z, *ours)[0], gm.predict_proba(z), atol=1e-9)


def test_pca_matches_scikit_learn():
    from sklearn.decomposition import PCA

    x = real_digits().images[:300]
    centre, basis = DigitsModel._pca(x, 5)
    pca = PCA(5).fit(x)
    np.testing.assert_allclose(centre, pca.mean_)
    np.testing.assert_allclose(np.abs(basis @ pca.components_.T), np.eye(5), atol=1e-8)


# --- metrics -------------------------------------------------------------------------------


def test_mix_metrics_of_known_mixes():
    even = mix_metrics(np.arange(1000) % 10)
    assert even["digit_entropy"] == pytest.approx(MAX_ENTROPY) and even["digits_present"] == 10
    one = mix_metrics(np.full(50, 7))
    assert one["digit_entropy"] == 0.0 and one["digits_present"] == 1 and one["share_7"] == 1.0
    two = mix_metrics(np.array([1] * 99 + [2]))  # 1% is below the 2% needed to "appear"
    assert two["digits_present"] == 1
    assert sum(two[f"share_{d}"] for d in range(10)) == pytest.approx(1.0)


def test_diversity_and_distance_of_known_images():
    blank, full = np.zeros((1, 64)), np.full((1, 64), INK)
    assert diversity(np.concatenate([blank, full])) == pytest.approx(INK)
    assert diversity(np.repeat(blank, 5, axis=0)) == 0.0
    pool_images = real_digits().images[:50]
    metrics = digits_metrics(pool_images)
    assert metrics["distance_from_real"] == pytest.approx(0.0, abs=1e-3)  # they are real
    assert set(metrics) == set(DIGITS_METRICS)


def test_real_reference_is_what_unseen_real_digits_score():
    real = real_reference()
    assert real["digits_present"] == 10 and real["digit_entropy"] > 3.3
    assert 1.0 < real["distance_from_real"] < real["diversity"]


# --- the recursion -------------------------------------------------------------------------


def test_metrics_table_and_example_snapshots():
    settings = Settings(generations=3, sample_size=120, runs=2, seed=5)
    result = simulate(build_experiment("digits", latent_dims=6, components=5), settings)
    assert list(result.metrics.columns) == COLUMNS and len(result.metrics) == 8
    ex = result.example
    assert ex["images"].shape == (4, SHOWN, 8, 8) and ex["images"].dtype == np.uint8
    assert ex["labels"].shape == (4, SHOWN) and ex["human_images"].shape == (SHOWN, 8, 8)
    assert ex["accuracy"] == classifier_accuracy()
    # The stored images are the produced ones, read the same way as in the metrics.
    assert ex["labels"].min() >= 0 and ex["labels"].max() <= 9
    assert to_pixels(np.full((1, 64), INK)).max() == 255


def test_same_seed_same_numbers():
    settings = Settings(generations=4, sample_size=150, runs=2, seed=11, human_fraction=0.2)
    first = simulate(DigitsExperiment(), settings)
    again = simulate(DigitsExperiment(), settings)
    pd.testing.assert_frame_equal(first.metrics, again.metrics)
    np.testing.assert_array_equal(first.example["images"], again.example["images"])


def _entropies(seed: int, **settings) -> tuple[np.ndarray, np.ndarray]:
    result = simulate(DigitsExperiment(), Settings(generations=20, sample_size=300, runs=8,
                                                   seed=seed, **settings))
    table = result.metrics.pivot(index="run", columns="generation", values="digit_entropy")
    return table[0].to_numpy(), table[20].to_numpy()


def test_self_training_loses_digits_and_fresh_human_data_keeps_them():
    """8 runs of N=300 for 20 generations. Each comparison needs its difference of means to
    exceed 3 standard errors (from the runs' own spread), so chance alone would pass it about
    once in 700 tries; measured margins are about 6 standard errors (seed 0)."""
    start, pure = _entropies(seed=0)
    _, fresh = _entropies(seed=0, human_fraction=0.5, human_data="fresh")

    drop = start - pure  # paired by run: the same original sample
    assert drop.mean() > 3 * drop.std(ddof=1) / np.sqrt(drop.size)
    gap = fresh.mean() - pure.mean()
    se = np.sqrt(fresh.var(ddof=1) / fresh.size + pure.var(ddof=1) / pure.size)
    assert gap > 3 * se
    # Fresh human data holds the mix close to generation 0's (within 0.1 bit on average).
    assert abs(fresh.mean() - start.mean()) < 0.1


# --- the CLI -------------------------------------------------------------------------------


def _cli(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    return (code, *capsys.readouterr())


def test_cli_prints_the_digit_metrics(capsys):
    code, out, err = _cli(["run", "digits", "--generations", "2", "--sample-size", "200",
                           "--latent-dims", "6", "--components", "12"], capsys)
    assert code == 0 and err == ""
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == COLUMNS and len(table) == 3
    expected = simulate(build_experiment("digits", latent_dims=6, components=12),
                        Settings(generations=2, sample_size=200)).metrics
    np.testing.assert_allclose(table[list(DIGITS_METRICS)], expected[list(DIGITS_METRICS)],
                               rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("argv", [
    ["--latent-dims", "0"], ["--latent-dims", "41"], ["--latent-dims", "two"],
    ["--components", "0"], ["--components", "31"], ["--source", "bell"], ["--order", "2"],
])
def test_cli_bad_digits_options_are_one_line_and_status_2(argv, capsys):
    code, out, err = _cli(["run", "digits", "--generations", "1", *argv], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_latent_dims_belongs_to_digits_only(capsys):
    code, _, err = _cli(["run", "mixture", "--latent-dims", "3"], capsys)
    assert code == 2 and "--latent-dims" in err and "digits" in err
