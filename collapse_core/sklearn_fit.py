"""Fitting a scikit-learn estimator the way every model here needs: quietly, on one thread."""

from __future__ import annotations

import warnings
from functools import cache

from threadpoolctl import ThreadpoolController


def fit_quietly(estimator, *data):
    """estimator.fit(*data) with one OpenMP/BLAS thread and no ConvergenceWarning.

    The limit is set here, once scikit-learn is imported: threadpoolctl limits only the thread
    pools already loaded, and scikit-learn brings its own OpenMP runtime, whose threads stall
    k-means by 100-400 ms at random on small machines (a first simulate() in a fresh process,
    as the command line runs it, was 5x slower).
    """
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings(), _thread_pools().limit(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(*data)


@cache
def _thread_pools() -> ThreadpoolController:
    """The thread pools loaded with scikit-learn, found once (finding them takes 2.5 ms)."""
    return ThreadpoolController()
