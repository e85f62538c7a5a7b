"""The single-Gaussian recursion for many runs at once: the engine of the phase diagram.

Every run starts from N(0, 1) human data. It draws its numbers from one Generator for all
runs (not one stream per run), so its runs differ from `simulate`'s, but they follow the
same recursion and the same theory, in a fraction of the time.
"""

from __future__ import annotations

import numpy as np

from collapse_core.filtering import can_reject, ideal_screen
from collapse_core.settings import Settings


class GaussianRuns:
    """settings.runs runs of the recursion, advanced together one generation at a time.

    The first g generations do not depend on how many follow (settings.generations is
    ignored), so a history can be extended later or read shorter. The human share may follow
    a schedule, and the ideal filter is counted as in collapse_core.filtering; the learned
    one needs the full engine.
    """

    def __init__(self, settings: Settings, rng: np.random.Generator, estimator: str = "mle"):
        if settings.filter not in ("none", "ideal"):
            raise ValueError("the fast Gaussian engine has no learned filter: use simulate")
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
        runs, n = s.runs, s.sample_size
        h = s.human_count_at(len(self._variances))
        rates = (s.filter_recall, s.filter_false_positive)
        if s.filter == "ideal" and can_reject(h, n, *rates):
            data = self._filtered(ideal_screen(h, n, *rates, rng, runs).human)
        else:
            synthetic = self._synthetic(n - h)  # drawn first, as always
            data = np.concatenate([self._human(h), synthetic], axis=1)
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

    def _synthetic(self, count: int) -> np.ndarray:
        """`count` draws per run from its last fit, at the temperature."""
        noise = self.rng.standard_normal((self.settings.runs, count))
        scale = np.sqrt(self.settings.temperature)
        return self.mean[:, None] + scale * np.sqrt(self.var)[:, None] * noise

    def _human(self, count: int) -> np.ndarray:
        """`count` human items per run: fresh, or from its own original sample without
        replacement."""
        s = self.settings
        if s.human_data == "fresh":
            return self.rng.standard_normal((s.runs, count))
        picks = np.argsort(self.rng.random((s.runs, s.sample_size)), axis=1)[:, :count]
        return np.take_along_axis(self.original, picks, axis=1)

    def _filtered(self, human: np.ndarray) -> np.ndarray:
        """Training sets of `human[r]` human items and N - human[r] synthetic ones per run."""
        n = self.settings.sample_size
        is_human = np.arange(n) < human[:, None]
        return np.where(is_human, self._human(n), self._synthetic(n))


def gaussian_variances(
    settings: Settings, rng: np.random.Generator, estimator: str = "mle"
) -> np.ndarray:
    """Fitted variances, shape (runs, generations + 1), of the recursion with these settings."""
    return GaussianRuns(settings, rng, estimator).variances(settings.generations)
