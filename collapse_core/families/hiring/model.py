"""The screening model of many runs: a logistic regression on the score (and, if it sees it,
the group) that decides on each year's applicants."""

from __future__ import annotations

import numpy as np

from collapse_core.families.hiring import leaving
from collapse_core.families.hiring.logistic import fit_logistic, log_odds, sigmoid
from collapse_core.families.hiring.population import DECISION, GROUP, SCORE, Applicants

LABELS = ("argmax", "sample")


def features(group: np.ndarray, score: np.ndarray, sees_group: bool) -> np.ndarray:
    """What the model reads of applicants (runs, n): (runs, d, n) with a row of ones first."""
    rows = [np.ones_like(score), score] + ([group] if sees_group else [])
    return np.stack(rows, axis=1)


def balanced_weights(group: np.ndarray, decision: np.ndarray) -> np.ndarray:
    """Weights that give each (group, decision) cell of a run's training set the same total,
    n / 4 (Wyllie et al. 2024's stratified reparation, as weights rather than resampling)."""
    weight = np.ones_like(group)
    quarter = group.shape[1] / 4
    for g in (0.0, 1.0):
        for d in (0.0, 1.0):
            cell = (group == g) & (decision == d)
            count = cell.sum(axis=1, keepdims=True)
            weight = np.where(cell, quarter / np.maximum(count, 1), weight)
    return weight


def group_rates(values: np.ndarray, group: np.ndarray, of: np.ndarray | None = None
                ) -> np.ndarray:
    """Per run, sum(values) / sum(of) within (larger group, smaller group): (runs, 2); NaN
    where a group has nothing to divide by. `of` defaults to counting the applicants."""
    of = np.ones_like(values) if of is None else of
    out = np.full((len(values), 2), np.nan)
    for k in (0, 1):
        member = group == k
        total = (of * member).sum(axis=1)
        np.divide((values * member).sum(axis=1), total, out=out[:, k], where=total > 0)
    return out


class ScreeningModel:
    """A screening model for many runs and the applicants it faces each year.

    fit learns P(hire | score[, group]) from a training set of decisions; sample draws a
    year's applicants (the smaller group's share is shares_, which moves if people leave)
    and decides: "argmax" hires when yes is likelier, "sample" hires with probability
    sigmoid(log-odds / t) (p^(1/t) renormalised; t = 1 is the model's own probability).
    """

    def __init__(self, source: Applicants, labels: str = "argmax", sees_group: bool = False,
                 rebalance: bool = False, leave: bool = False):
        if labels not in LABELS:
            raise ValueError(f"labels must be 'argmax' or 'sample', not {labels!r}")
        self.source, self.labels = source, labels
        self.sees_group, self.rebalance, self.leave = bool(sees_group), bool(rebalance), bool(leave)
        self.missed_ = None  # each group's error rate in the last year decided

    def __repr__(self):
        knobs = [self.labels] + [k for k in ("sees_group", "rebalance", "leave")
                                 if getattr(self, k)]
        return f"ScreeningModel({', '.join(knobs)})"

    def fit(self, pool: np.ndarray, rngs) -> ScreeningModel:
        """Learn from each run's training set (runs, n, 3); the next year's shares first."""
        group, score, decision = pool[..., GROUP], pool[..., SCORE], pool[..., DECISION]
        if not hasattr(self, "sizes_"):
            share = self.source.minority_share
            self.sizes_ = np.tile([1.0 - share, share], (len(pool), 1))
        elif self.leave and self.missed_ is not None:
            missed = np.nan_to_num(self.missed_)  # a group with no one to wrong loses no one
            self.sizes_ = leaving.next_sizes(self.sizes_, missed, self.source.minority_share)
        self.shares_ = leaving.minority_share(self.sizes_)
        weight = balanced_weights(group, decision) if self.rebalance else np.ones_like(score)
        self.coef_ = fit_logistic(features(group, score, self.sees_group), decision, weight)
        return self

    def yes_log_odds(self, group: np.ndarray, score: np.ndarray) -> np.ndarray:
        """The fitted log-odds of hiring applicants (runs, n)."""
        return log_odds(self.coef_, features(group, score, self.sees_group))

    def hire_chance(self, log_odds: np.ndarray) -> np.ndarray:
        """The chance that the model hires, given its log-odds: 0 or 1 for argmax, else
        sigmoid(log-odds / t) at the temperature of its last sample."""
        return self._chance(log_odds, self.temperature_)

    def _chance(self, log_odds: np.ndarray, temperature: float) -> np.ndarray:
        if self.labels == "argmax":
            return (log_odds > 0).astype(float)
        return sigmoid(log_odds / temperature)

    def sample(self, n: int, rngs, temperature: float = 1.0) -> np.ndarray:
        """n applicants per run with this year's shares, and the model's decisions on them
        (runs, n, 3); keeps each group's error rate for next year's shares."""
        drawn = [Applicants.draw(n, share, rng) for share, rng in zip(self.shares_, rngs,
                                                                        strict=True)]
        group, score = np.array([d[0] for d in drawn]), np.array([d[1] for d in drawn])
        self.temperature_ = temperature
        chance = self.hire_chance(self.yes_log_odds(group, score))
        if self.labels == "argmax":
            decision = chance
        else:
            decision = (np.array([rng.random(n) for rng in rngs]) < chance).astype(float)
        people = self.source.people_yes(group, score)
        self.missed_ = group_rates((1.0 - decision) * people, group, of=people)
        return np.stack([group, score, decision], axis=2)

    def sample_run(self, run: int, n: int, rng, temperature: float = 1.0) -> np.ndarray:
        """n more applicants of one run and the model's decisions on them (n, 3), keeping
        nothing of them."""
        group, score = Applicants.draw(n, self.shares_[run], rng)
        x = features(group[None], score[None], self.sees_group)
        chance = self._chance(log_odds(self.coef_[run : run + 1], x)[0], temperature)
        decision = chance if self.labels == "argmax" else (rng.random(n) < chance).astype(float)
        return np.stack([group, score, decision], axis=1)
