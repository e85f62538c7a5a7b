"""The single-Gaussian recursion for many runs at once: the engine of the phase diagram.

Every run starts from N(0, 1) human data. It draws its numbers from one Generator for all
runs (not one stream per run), so its runs differ from `simulate`'s, but they follow the
same recursion and the same theory, in a fraction of the time.
"""

from __future__ import annotations

import numpy as np

from collapse_core.settings import Settings


class GaussianRuns:
    """settings.runs runs of the recursion, advanced together one generation at a time.

    The first g generations do not depend on how many follow (settings.generations is
    ignored), so a history can be extended later or read shorter.
    """

    def __init__(self, settings: Settings, rng: np.random.Generator, estimator: str = "mle"):
        self.settings, self.rng = settings, rng
        self.ddof = 0 if estimator == "mle" else 1
        runs, n = settings.runs, settings.sample_size
        self.original = rng.standard_normal((runs, n))
        self.total, self.squares, self.count = self.original.sum(1), (self.original**2).sum(1), n
        self.mean, self.var = self.original.mean(1), self.original.var(1, ddof=self.ddof)
        self._variances = [self.var]

    def variances(self, generations: int) -> np.ndarray:
        """Fitted variances, shape (runs, generations + 1), extending the runs if needed."""
        self.variances_at(generations)
        return np.stack(self._variances[: generations + 1], axis=1)

    @property
    def generation(self) -> int:
        """The last generation computed."""
        return len(self._variances) - 1

    def variances_at(self, generation: int) -> np.ndarray:
        """The runs' fitted variances at one generation, extending the runs if needed."""
        while self.generation < generation:
            self.advance()
        return self._variances[generation]

    def advance(self) -> None:
        """One more generation of every run."""
        s, rng, ddof = self.settings, self.rng, self.ddof
        runs, n, h = s.runs, s.sample_size, s.human_count
        noise = rng.standard_normal((runs, n - h))
        scale = np.sqrt(s.temperature)
        synthetic = self.mean[:, None] + scale * np.sqrt(self.var)[:, None] * noise
        if s.human_data == "fresh":
            human = rng.standard_normal((runs, h))
        else:  # h items of each run's own original sample, without replacement
            picks = np.argsort(rng.random((runs, n)), axis=1)[:, :h]
            human = np.take_along_axis(self.original, picks, axis=1)
        data = np.concatenate([human, synthetic], axis=1)
        if s.scheme == "accumulate":
            self.total = self.total + data.sum(1)
            self.squares = self.squares + (data**2).sum(1)
            self.count += n
            self.mean = self.total / self.count
            self.var = (np.maximum(self.squares / self.count - self.mean**2, 0.0)
                        * self.count / (self.count - ddof))
        else:
            self.mean, self.var = data.mean(1), data.var(1, ddof=ddof)
        self._variances.append(self.var)


def gaussian_variances(
    settings: Settings, rng: np.random.Generator, estimator: str = "mle"
) -> np.ndarray:
    """Fitted variances, shape (runs, generations + 1), of the recursion with these settings."""
    return GaussianRuns(settings, rng, estimator).variances(settings.generations)
