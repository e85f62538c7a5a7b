"""Handwritten digits: the real images (human data) and a PCA + Gaussian-mixture image model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from collapse_core.settings import check_human_data
from collapse_core.sklearn_fit import fit_quietly

INK = 16.0  # pixels go from 0 (paper) to 16 (full ink)
SIDE = 8  # images are 8 x 8 pixels, stored as rows of 64
HELD_OUT = 0.3  # share of the real digits kept aside to test the classifier, never human data
SPLIT_SEED = 0
MAX_LATENT_DIMS, MAX_COMPONENTS = 40, 30
REG_COVAR = 1e-3  # added to each covariance's diagonal (ink units squared: tiny)
TOL, MAX_ITER = 1e-3, 100
_LOG_2PI = np.log(2.0 * np.pi)


@dataclass(frozen=True, eq=False)
class RealDigits:
    """scikit-learn's 1,797 digits, split once: a pool of human data and a held-out test set."""

    images: np.ndarray  # (n, 64) floats in [0, 16]: the pool human data is drawn from
    labels: np.ndarray
    test_images: np.ndarray  # held out: only the classifier's test sees them
    test_labels: np.ndarray

    def __repr__(self):
        return f"RealDigits(pool={len(self.images)}, held_out={len(self.test_images)})"


@lru_cache(maxsize=1)
def real_digits() -> RealDigits:
    """The bundled digits (offline), split 70/30 by digit with a fixed seed."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    split = train_test_split(data.data, data.target, test_size=HELD_OUT,
                             stratify=data.target, random_state=SPLIT_SEED)
    pool, test, pool_labels, test_labels = (np.ascontiguousarray(a) for a in split)
    for array in (pool, test, pool_labels, test_labels):
        array.setflags(write=False)
    return RealDigits(pool, pool_labels, test, test_labels)


def _draw(pool: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n rows of pool: without replacement when there are enough, else with."""
    return pool[rng.choice(len(pool), size=n, replace=n > len(pool))]


class DigitsSource:
    """Human data: real handwritten digits from the pool (never the held-out ones)."""

    name = "digits"

    def __repr__(self):
        return f"DigitsSource({real_digits()!r})"

    def original(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """The original sample: n real images."""
        return _draw(real_digits().images, n, rng)

    def human(self, original, n: int, kind: str, rng: np.random.Generator) -> np.ndarray:
        """n human images: from the kept original sample, or fresh from the pool."""
        check_human_data(kind)
        return _draw(real_digits().images if kind == "fresh" else original, n, rng)


def log_joint(z: np.ndarray, weights, means, covs) -> np.ndarray:
    """log(weight_k * N(z_i | mean_k, cov_k)) for every row i and component k (n x k)."""
    inv_chol = np.linalg.inv(np.linalg.cholesky(covs))  # k x d x d, lower triangular
    # A stacked matmul, not einsum: several times faster (einsum does not call BLAS here).
    y = (z[None] - means[:, None]) @ inv_chol.transpose(0, 2, 1)
    half_log_det = np.log(np.diagonal(inv_chol, axis1=1, axis2=2)).sum(axis=1)
    d = z.shape[1]
    return (np.log(weights) + half_log_det - 0.5 * d * _LOG_2PI
            - 0.5 * (y * y).sum(axis=2).T)


def responsibilities(z: np.ndarray, weights, means, covs) -> tuple[np.ndarray, float]:
    """Each row's share in each component, and the mean log-likelihood (EM's E-step)."""
    joint = log_joint(z, weights, means, covs)
    top = joint.max(axis=1, keepdims=True)
    norm = top[:, 0] + np.log(np.exp(joint - top).sum(axis=1))
    return np.exp(joint - norm[:, None]), float(norm.mean())


def m_step(z: np.ndarray, resp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights, means and full covariances from responsibilities (as scikit-learn's)."""
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    means = resp.T @ z / nk[:, None]
    covs = np.empty((len(nk), z.shape[1], z.shape[1]))
    for k in range(len(nk)):
        diff = z - means[k]
        covs[k] = (resp[:, k] * diff.T) @ diff / nk[k]
        covs[k].flat[:: z.shape[1] + 1] += REG_COVAR
    return nk / nk.sum(), means, covs


def em_full(z: np.ndarray, resp: np.ndarray, max_iter: int = MAX_ITER) -> tuple:
    """EM for a full-covariance mixture from given responsibilities, step for step as
    scikit-learn's GaussianMixture continues from the parameters of the first M-step."""
    params, previous = m_step(z, resp), -np.inf
    for _ in range(max_iter):
        resp, bound = responsibilities(z, *params)
        params = m_step(z, resp)
        if abs(bound - previous) < TOL:
            break
        previous = bound
    return params


def _distinct_rows(x: np.ndarray, enough: int) -> int:
    """How many distinct rows x has, or `enough` if it has at least that many."""
    # Sorting every row costs more than a fit's EM step on thousands of images; the first
    # rows almost always hold enough distinct ones.
    if len(np.unique(x[: 2 * enough], axis=0)) >= enough:
        return enough
    return min(len(np.unique(x, axis=0)), enough)


class DigitsModel:
    """Images squeezed to `latent_dims` numbers (PCA), a Gaussian mixture over those numbers."""

    def __init__(self, latent_dims: int = 10, components: int = 10):
        for name, value, top in (("latent_dims", latent_dims, MAX_LATENT_DIMS),
                                 ("components", components, MAX_COMPONENTS)):
            if not (isinstance(value, int | np.integer) and not isinstance(value, bool)
                    and 1 <= value <= top):
                raise ValueError(f"{name} must be an integer from 1 to {top}, not {value!r}")
        self.latent_dims, self.components = int(latent_dims), int(components)

    def __repr__(self):
        return f"DigitsModel(latent_dims={self.latent_dims}, components={self.components})"

    @staticmethod
    def _pca(x: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
        """The centre and the top `dims` directions of x (rows of a dims x 64 basis)."""
        centre = x.mean(axis=0)
        centred = x - centre
        _, vectors = np.linalg.eigh(centred.T @ centred)  # ascending eigenvalues
        return centre, np.ascontiguousarray(vectors[:, ::-1][:, :dims].T)

    @staticmethod
    def _cold_start(z: np.ndarray, k: int, rng: np.random.Generator) -> tuple:
        """A fresh fit: scikit-learn's GaussianMixture with its k-means initialisation."""
        from sklearn.mixture import GaussianMixture  # ~2 s to import: only when first needed

        gm = GaussianMixture(n_components=k, covariance_type="full", reg_covar=REG_COVAR,
                             tol=TOL, max_iter=MAX_ITER, random_state=int(rng.integers(2**31 - 1)))
        fit_quietly(gm, z)
        return gm.weights_ / gm.weights_.sum(), gm.means_, gm.covariances_

    def fit(self, x: np.ndarray, rng: np.random.Generator) -> DigitsModel:
        """PCA of the images, then EM in the latent space, continuing from the last fit's
        responsibilities when it has as many components (a cold start otherwise)."""
        x = np.asarray(x, dtype=float).reshape(len(x), -1)
        distinct = _distinct_rows(x, max(self.latent_dims + 1, self.components))
        # No more directions than the data spans, no more components than distinct images.
        dims, k = max(1, min(self.latent_dims, distinct - 1)), min(self.components, distinct)
        centre, basis = self._pca(x, dims)
        z = (x - centre) @ basis.T
        resp = None
        if getattr(self, "weights_", np.empty(0)).size == k:
            old = (x - self.centre_) @ self.basis_.T  # the new images as the last fit saw them
            resp = responsibilities(old, self.weights_, self.means_, self.covariances_)[0]
            if resp.sum(axis=0).min() < 1.0:  # a component left with (almost) nothing
                resp = None
        params = self._cold_start(z, k, rng) if resp is None else em_full(z, resp)
        self.centre_, self.basis_ = centre, basis
        self.weights_, self.means_, self.covariances_ = params
        return self

    def sample(self, n: int, rng: np.random.Generator, temperature: float = 1.0) -> np.ndarray:
        """n images (n x 64) drawn in numpy; temperature scales each component's covariance."""
        which = rng.choice(self.weights_.size, size=n, p=self.weights_)
        chol = np.linalg.cholesky(self.covariances_ * temperature)
        latent = rng.standard_normal((n, self.means_.shape[1]))
        for k in np.unique(which):  # each component's rows in one matmul (not n small ones)
            rows = which == k
            latent[rows] = self.means_[k] + latent[rows] @ chol[k].T
        return np.clip(latent @ self.basis_ + self.centre_, 0.0, INK)
