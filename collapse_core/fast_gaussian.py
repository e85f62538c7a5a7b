"""The single-Gaussian recursion for many runs at once: the engine of the phase diagram.

Every run starts from N(0, 1) human data. It draws its numbers from one Generator for all
runs (not one stream per run), so its runs differ from `simulate`'s, but they follow the
same recursion and the same theory, in a fraction of the time.
"""

from __future__ import annotations

import numpy as np

from collapse_core.settings import Settings


def gaussian_variances(
    settings: Settings, rng: np.random.Generator, estimator: str = "mle"
) -> np.ndarray:
    """Fitted variances, shape (runs, generations + 1), of the recursion with these settings."""
    runs, n, h = settings.runs, settings.sample_size, settings.human_count
    ddof = 0 if estimator == "mle" else 1
    original = rng.standard_normal((runs, n))
    total, squares, count = original.sum(1), (original**2).sum(1), n
    mean, var = original.mean(1), original.var(1, ddof=ddof)
    variances = np.empty((runs, settings.generations + 1))
    variances[:, 0] = var
    scale = np.sqrt(settings.temperature)
    for generation in range(1, settings.generations + 1):
        noise = rng.standard_normal((runs, n - h))
        synthetic = mean[:, None] + scale * np.sqrt(var)[:, None] * noise
        if settings.human_data == "fresh":
            human = rng.standard_normal((runs, h))
        else:  # h items of each run's own original sample, without replacement
            picks = np.argsort(rng.random((runs, n)), axis=1)[:, :h]
            human = np.take_along_axis(original, picks, axis=1)
        data = np.concatenate([human, synthetic], axis=1)
        if settings.scheme == "accumulate":
            total, squares, count = total + data.sum(1), squares + (data**2).sum(1), count + n
            mean = total / count
            var = np.maximum(squares / count - mean**2, 0.0) * count / (count - ddof)
        else:
            mean, var = data.mean(1), data.var(1, ddof=ddof)
        variances[:, generation] = var
    return variances
