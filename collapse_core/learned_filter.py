"""The learned detector as a filter: each generation a classifier learns to tell human data
from the previous model's output, and what it flags as AI-made is dropped.

Per run and generation (generation g >= 1):
- it learns from N human items (the kept original sample, or N fresh draws with fresh human
  data) and all but HELD_OUT of the N items generation g - 1 produced, the two sides weighted
  equally. `detector_accuracy` is the average of the shares it labels correctly of the
  produced items held out and of HELD_OUT x N new human items from the source (human items
  no model learned from: the original sample's were learned by generation 0, which makes
  them look AI-made to a detector; e.g. a Markov model writes their rare words). 0.5 is
  chance; NaN, and nothing flagged, when there are too few units to learn from and test;
- "learned": candidates arrive in batches of the generation's mix (h human, N - h newly drawn
  from generation g - 1, in random order) and those it flags (P(AI) > 0.5) are dropped, until
  N items have passed. The work is bounded: after CANDIDATE_BATCHES batches, the rejected
  candidates that looked most human make up the rest;
- "detect": it judges the unfiltered training set and drops nothing (the run's numbers are
  the unfiltered run's), so that one can watch how well a detector could tell.
Everything the detector draws comes from the run's filter stream (filtering.filter_stream).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from collapse_core.filtering import filter_metrics
from collapse_core.sklearn_fit import fit_quietly

HELD_OUT = 0.3  # the model's output kept aside, and new human items (x N), to test on
CANDIDATE_BATCHES = 10  # at most this many batches (10 N candidates) per generation


def train_detector(kind, human, produced, unseen, rng: np.random.Generator):
    """A judge (units -> P(AI-made)) learned from human units and all but HELD_OUT of the
    AI-made ones, and its accuracy on the AI-made units held out and on `unseen`, human units
    the models never learned from; (None, NaN) with too few units to learn and to test."""
    if min(len(human), len(unseen)) < 1 or len(produced) < 2:
        return None, float("nan")
    order = rng.permutation(len(produced))
    held = max(1, round(HELD_OUT * len(produced)))
    learn = kind.join([human, kind.pick(produced, order[held:])])
    labels = np.repeat([0, 1], [len(human), len(produced) - held])
    classifier = fit_quietly(kind.classifier(int(rng.integers(2**31 - 1))),
                             kind.features(learn), labels)

    def judge(units) -> np.ndarray:
        if not len(units):
            return np.empty(0)
        return expit(kind.log_odds(classifier, kind.features(units)))

    right_human = np.mean(judge(unseen) <= 0.5)
    right_ai = np.mean(judge(kind.pick(produced, order[:held])) > 0.5)
    return judge, float((right_human + right_ai) / 2)


class _Tally:
    """What the filter did with one run's candidates in one generation."""

    def __init__(self, kind, judge):
        self.kind, self.judge = kind, judge
        self.human_seen = self.human_rejected = self.rare_seen = self.rare_rejected = 0
        self.ai_seen = self.ai_rejected = 0

    def look(self, units, made_by_ai: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Judge a batch of units: P(AI-made) of each, and which are flagged; count them."""
        p_ai = self.judge(units) if self.judge is not None else np.zeros(len(made_by_ai))
        flagged = p_ai > 0.5
        human = np.flatnonzero(~made_by_ai)
        rare = self.kind.is_rare(self.kind.pick(units, human))
        self.human_seen += human.size
        self.human_rejected += int(flagged[human].sum())
        self.rare_seen += int(rare.sum())
        self.rare_rejected += int((flagged[human] & rare).sum())
        self.ai_seen += int(made_by_ai.sum())
        self.ai_rejected += int((flagged & made_by_ai).sum())
        return p_ai, flagged


def _enough(sizes: np.ndarray, total: int, n: int) -> int:
    """How many of the units (in order) bring `total` items to n, or all of them."""
    return min(len(sizes), int(np.searchsorted(total + np.cumsum(sizes), n)) + 1)


class LearnedFilter:
    """The learned detector: drops what it flags ("learned") or only watches ("detect")."""

    def __init__(self, drop: bool):
        self.drop = drop

    def __repr__(self):
        return f"LearnedFilter(drop={self.drop})"

    def training(self, runs, human: int) -> tuple[object, dict[str, np.ndarray]]:
        """Each run's training set of the next generation and what the filter did."""
        e, s = runs.experiment, runs.settings
        n, kind = s.sample_size, e.detector
        parts = None if self.drop else runs.parts(human)
        sets, rows = [], []
        for i, stream in enumerate(runs.filter_rngs):
            original = runs.original[i]
            examples = (original if s.human_data == "original"
                        else e.source.human(original, n, "fresh", stream))
            unseen = e.source.human(original, round(HELD_OUT * n), "fresh", stream)
            judge, accuracy = train_detector(kind, kind.units(examples),
                                             kind.units(runs.produced[i]), kind.units(unseen),
                                             stream)
            tally = _Tally(kind, judge)
            if self.drop:
                def draw(count, made_by_ai, i=i, original=original, stream=stream):
                    if made_by_ai:
                        return runs.model.sample_run(i, count, stream, s.temperature)
                    return e.source.human(original, count, s.human_data, stream)

                training, ai_items, batches = self._collect(kind, n, human, draw, tally, stream)
                sets.append(training)
            else:
                mix = [(parts[0][i], False)] if human else []
                units, made_by_ai = _batch(kind, [*mix, (parts[1][i], True)])
                tally.look(units, made_by_ai)
                ai_items, batches = n - human, 1
            rows.append((ai_items, batches, tally.human_seen, tally.human_rejected,
                         tally.ai_seen, tally.ai_rejected, tally.rare_seen, tally.rare_rejected,
                         accuracy))
        training = e.stack(sets) if self.drop else runs.join(*parts)
        return training, filter_metrics(n, *np.array(rows, dtype=float).T)

    @staticmethod
    def _collect(kind, n: int, human: int, draw, tally: _Tally, rng: np.random.Generator):
        """One run's training set from batches of candidates (see the module's docstring):
        the set, the items in it the model made, and the batches looked at."""
        kept, rejected, total, batches = [], [], 0, 0
        while total < n and batches < CANDIDATE_BATCHES:
            batches += 1
            parts = [(draw(count, made_by_ai), made_by_ai)
                     for count, made_by_ai in ((human, False), (n - human, True)) if count]
            units, made_by_ai = _batch(kind, parts)
            p_ai, flagged = tally.look(units, made_by_ai)
            order = rng.permutation(len(made_by_ai))
            passed = order[~flagged[order]]
            sizes = kind.sizes(units)
            take = passed[: _enough(sizes[passed], total, n)]
            kept.append((kind.pick(units, take), made_by_ai[take]))
            total += int(sizes[take].sum())
            out = np.flatnonzero(flagged)
            rejected.append((kind.pick(units, out), made_by_ai[out], p_ai[out]))
        if total < n:  # the bound: the most human-looking rejected candidates make up the rest
            units = kind.join([r[0] for r in rejected])
            made_by_ai, p_ai = (np.concatenate([r[k] for r in rejected]) for k in (1, 2))
            order = np.argsort(p_ai, kind="stable")
            take = order[: _enough(kind.sizes(units)[order], total, n)]
            kept.append((kind.pick(units, take), made_by_ai[take]))
        units = kind.join([k[0] for k in kept])
        made_by_ai = np.concatenate([k[1] for k in kept])
        sizes = kind.sizes(units)
        counted = np.clip(n - (np.cumsum(sizes) - sizes), 0, sizes)  # the last unit may be cut
        return kind.assemble(units, n), int(counted[made_by_ai].sum()), batches


def _batch(kind, parts: list[tuple[object, bool]]) -> tuple[object, np.ndarray]:
    """The units of (items, made by AI?) parts, together, and which are AI-made."""
    pieces = [kind.units(items) for items, _ in parts]
    made_by_ai = np.concatenate([np.full(len(p), ai) for p, (_, ai) in zip(pieces, parts,
                                                                           strict=True)])
    return kind.join(pieces), made_by_ai
