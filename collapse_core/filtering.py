"""Filtering AI-made content out of each generation's training set: what every filter shares,
and the idealised detector, whose verdicts are counted rather than made item by item.

A filter screens candidates in batches of the generation's mix (h human items and N - h made
by the previous model, in random order) until N have passed; with the accumulate scheme the
pool grows by those N. The ideal detector catches each AI-made candidate with probability
`recall` and wrongly rejects each human one with probability `false_positive`, whatever the
item, so only counts need drawing: binomial passes per batch, then a hypergeometric draw for
the share of the last batch that is needed. The run then draws its H human items and takes
N - H of the model's output as an unfiltered run does. When the detector cannot reject any
candidate of the mix, it draws nothing: the run's numbers are the unfiltered run's.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from collapse_core.messages import ReaderError

FILTERS = ("none", "ideal", "learned", "detect")
# Per-generation metrics of a run with a filter (with any filter, all of them; NaN where the
# filter does not measure it). Units: items for ai_share and screened; candidates (points,
# images, sentences) for the shares rejected.
FILTER_METRICS = {
    "ai_share": "The share of the training set that the previous model made (after the "
    "filter): 0 means all human, 1 all AI-made.",
    "screened": "How many candidates the filter looked at for each item it kept: 1 means it "
    "let everything through.",
    "ai_caught": "The share of the AI-made candidates the filter caught and threw away.",
    "human_rejected": "The share of the human candidates the filter wrongly threw away.",
    "rare_human_rejected": "The same for the rarest human candidates: values where the human "
    "data is thinnest (its rarest tenth), sentences with a word the corpus uses at most 3 "
    "times, the most unusual tenth of handwriting.",
    "common_human_rejected": "The same for the other human candidates.",
    "detector_accuracy": "How often the learned detector tells human data from the model's "
    "output, on examples it did not learn from (0.5 is a coin toss).",
}
# The ideal filter must let through at least this share of candidates: collecting N items
# then takes at most about N / MIN_PASS_RATE candidates per generation.
MIN_PASS_RATE = 1e-3


class FilterError(ReaderError):
    """A filter that could never collect a training set, with a message a reader understands."""


def pass_rate(human: int, sample_size: int, recall: float, false_positive: float) -> float:
    """The expected share of a generation's candidates (h human, N - h AI) that pass."""
    return (human * (1 - false_positive) + (sample_size - human) * (1 - recall)) / sample_size


def check_ideal_filter(human: int, sample_size: int, recall: float, false_positive: float,
                       generation: int) -> None:
    """Raise FilterError if the ideal filter could not collect generation g's training set."""
    rate = pass_rate(human, sample_size, recall, false_positive)
    if rate == 0:
        raise FilterError(
            "Nothing can pass the filter at generation {generation}: it rejects every "
            "AI-made item and there is no human item it lets through. Lower the recall or the "
            "false-positive rate, or add human data.", generation=generation)
    if rate < MIN_PASS_RATE:
        raise FilterError(
            "At generation {generation} the filter would let through only {rate:.2%} of what "
            "it looks at, less than one item in {most:,}: collecting a training set would take "
            "too long. Lower the recall or the false-positive rate, or add human data.",
            generation=generation, rate=rate, most=round(1 / MIN_PASS_RATE))


def can_reject(human: int, sample_size: int, recall: float, false_positive: float) -> bool:
    """Whether the ideal filter may reject a candidate of this mix."""
    return (false_positive > 0 and human > 0) or (recall > 0 and human < sample_size)


def filtered_count(human: int, sample_size: int, recall: float, false_positive: float
                   ) -> int | None:
    """The human items in the filtered training set when the filter fixes their number (it
    rejects nothing, every AI item, or every human one), else None: it varies from run to run."""
    if not can_reject(human, sample_size, recall, false_positive):
        return human
    if recall == 1:
        return sample_size
    if false_positive == 1:
        return 0
    return None


def filtered_human_share(human_fraction: float, recall: float, false_positive: float) -> float:
    """The share of what passes the ideal filter that is human, over many batches:
    f(1 - P) / (f(1 - P) + (1 - f)(1 - R)). The first N to pass hold about this share."""
    human = human_fraction * (1 - false_positive)
    passed = human + (1 - human_fraction) * (1 - recall)
    if passed == 0:
        raise ValueError("nothing passes a filter with these rates")
    return human / passed


class Screened(NamedTuple):
    """Counts of a screening, one per row: the human items among the first N to pass, the
    batches looked at, and the human and AI-made candidates that passed in them."""

    human: np.ndarray
    batches: np.ndarray
    human_passed: np.ndarray
    ai_passed: np.ndarray


def ideal_screen(human: int, sample_size: int, recall: float, false_positive: float,
                 rng: np.random.Generator, size: int = 1) -> Screened:
    """`size` independent screenings of batches of the mix until N candidates pass."""
    n, ai = sample_size, sample_size - human
    keep_human, keep_ai = 1.0 - false_positive, 1.0 - recall
    # Batches drawn at a time: enough to reach N in one go, most of the time.
    chunk = math.ceil(1.25 * n / (human * keep_human + ai * keep_ai)) + 1
    out = Screened(*(np.zeros(size, np.int64) for _ in Screened._fields))
    todo = np.arange(size)
    while todo.size:
        human_passes = rng.binomial(human, keep_human, (todo.size, chunk))
        ai_passes = rng.binomial(ai, keep_ai, (todo.size, chunk))
        human_sum, ai_sum = np.cumsum(human_passes, axis=1), np.cumsum(ai_passes, axis=1)
        passed = human_sum + ai_sum + (out.human_passed + out.ai_passed)[todo, None]
        done = passed[:, -1] >= n
        rows = np.flatnonzero(done)
        last = np.argmax(passed[rows] >= n, axis=1)  # the batch in which the N-th passes
        h_last, a_last = human_passes[rows, last], ai_passes[rows, last]
        need = n - (passed[rows, last] - h_last - a_last)
        finished = todo[done]
        out.human[finished] = (out.human_passed[finished] + human_sum[rows, last] - h_last
                               + rng.hypergeometric(h_last, a_last, need))
        out.batches[finished] += last + 1
        out.human_passed[finished] += human_sum[rows, last]
        out.ai_passed[finished] += ai_sum[rows, last]
        going = todo[~done]
        out.batches[going] += chunk
        out.human_passed[going] += human_sum[~done, -1]
        out.ai_passed[going] += ai_sum[~done, -1]
        todo = going
    return out


def _share(part, whole) -> np.ndarray:
    """part / whole, NaN where whole is 0 (nothing of the kind was looked at)."""
    part, whole = np.asarray(part, float), np.asarray(whole, float)
    return np.divide(part, whole, out=np.full(whole.shape, np.nan), where=whole > 0)


def filter_metrics(sample_size: int, ai_items, batches, human_seen, human_rejected, ai_seen,
                   ai_rejected, rare_seen=None, rare_rejected=None, accuracy=None
                   ) -> dict[str, np.ndarray]:
    """FILTER_METRICS from counts, one value per run (rare counts and accuracy: None when not
    measured)."""
    size = np.shape(batches)
    nan = np.full(size, np.nan)
    return {
        "ai_share": np.asarray(ai_items, float) / sample_size,
        "screened": np.asarray(batches, float),
        "ai_caught": _share(ai_rejected, ai_seen),
        "human_rejected": _share(human_rejected, human_seen),
        "rare_human_rejected": nan if rare_seen is None else _share(rare_rejected, rare_seen),
        "common_human_rejected": nan if rare_seen is None else _share(
            np.subtract(human_rejected, rare_rejected), np.subtract(human_seen, rare_seen)),
        "detector_accuracy": nan if accuracy is None else np.asarray(accuracy, float),
    }


def unscreened(runs: int) -> dict[str, np.ndarray]:
    """FILTER_METRICS of generation 0, trained on the original sample: all human, nothing
    screened."""
    return {name: np.zeros(runs) if name == "ai_share" else np.full(runs, np.nan)
            for name in FILTER_METRICS}


def filter_stream(seed: np.random.SeedSequence) -> np.random.Generator:
    """What a run's filter draws from: a child of the run's seed that nothing else spawns, so
    the filter's draws never shift the run's own stream."""
    return np.random.default_rng(np.random.SeedSequence(
        seed.entropy, spawn_key=(*seed.spawn_key, 0), pool_size=seed.pool_size))


class IdealFilter:
    """The idealised detector: catches each AI-made candidate with probability `recall`,
    rejects each human one with probability `false_positive`."""

    def __init__(self, recall: float, false_positive: float):
        self.recall, self.false_positive = recall, false_positive

    def __repr__(self):
        return f"IdealFilter(recall={self.recall}, false_positive={self.false_positive})"

    def training(self, runs, human: int) -> tuple[object, dict[str, np.ndarray]]:
        """Each run's training set of the next generation and what the filter did."""
        e, s, n = runs.experiment, runs.settings, runs.settings.sample_size
        rates = (self.recall, self.false_positive)
        if not can_reject(human, n, *rates):  # one batch, all of it passes: draw nothing
            ones = np.ones(len(runs), np.int64)
            counts = Screened(human * ones, ones, human * ones, (n - human) * ones)
            training = runs.join(*runs.parts(human))
        else:
            sets, screenings = [], []
            for i, (rng, stream) in enumerate(zip(runs.rngs, runs.filter_rngs, strict=True)):
                screened = ideal_screen(human, n, *rates, stream)
                count = int(screened.human[0])
                train = e.take(runs.produced[i : i + 1], n - count)
                if count:
                    drawn = e.source.human(runs.original[i], count, s.human_data, rng)
                    train = e.concat([e.stack([drawn]), train])
                sets.append(train[0])
                screenings.append(screened)
            training = e.stack(sets)
            counts = Screened(*map(np.concatenate, zip(*screenings, strict=True)))
        human_seen, ai_seen = human * counts.batches, (n - human) * counts.batches
        return training, filter_metrics(n, n - counts.human, counts.batches, human_seen,
                                        human_seen - counts.human_passed, ai_seen,
                                        ai_seen - counts.ai_passed)
