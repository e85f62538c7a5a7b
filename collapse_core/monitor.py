"""The collapse monitor: the first generation at which a metric crosses a warning line."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from collapse_core.summary import band, first_crossing, share_of_runs_crossed


@dataclass(frozen=True)
class Alarm:
    """A warning line at `factor` times a reference value, crossed going `direction`."""

    metric: str
    direction: str  # "below" or "above"
    factor: float
    event: str  # what crossing means, in plain words ("the spread fell to half ...")
    condition: str  # the same as a state ("a spread below half of generation 0's")

    def line(self, reference: float) -> float:
        """The threshold for a given reference value (e.g. generation 0's)."""
        return self.factor * reference


SPREAD_HALVED = Alarm("std", "below", 0.5, "the spread fell below half of generation 0's",
                      "a spread below half of generation 0's")
SPREAD_DOUBLED = Alarm("std", "above", 2.0, "the spread grew past twice generation 0's",
                       "a spread over twice generation 0's")
RARE_MODE_GONE = Alarm("rare_mode_mass", "below", 0.1, "the rare group all but vanished "
                       "(under a tenth of it left)", "less than a tenth of the rare group")
VOCABULARY_HALVED = Alarm("vocab_size", "below", 0.5, "the vocabulary fell below half of "
                          "generation 0's", "fewer than half of generation 0's words")
RARE_WORDS_HALVED = Alarm("rare_word_survival", "below", 0.5, "more than half of the rare "
                          "words were lost", "fewer than half of the rare words")


@dataclass(frozen=True)
class Reading:
    """What the monitor saw: the line, when the typical run crossed it, how many runs did."""

    alarm: Alarm
    threshold: float
    typical_generation: int | None
    runs_crossed: int
    runs: int


def watch(metrics: pd.DataFrame, alarm: Alarm, reference: float) -> Reading:
    """Check the median over runs, and every run, against the alarm's line."""
    threshold = alarm.line(reference)
    median = band(metrics, alarm.metric)["median"].to_numpy()
    crossed, runs = share_of_runs_crossed(metrics, alarm.metric, threshold, alarm.direction)
    return Reading(alarm, threshold, first_crossing(median, threshold, alarm.direction),
                   crossed, runs)
