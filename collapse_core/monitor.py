"""The collapse monitor: the first generation at which a metric crosses a warning line, and
how many runs end past it (lost) or only crossed it for a while (dipped)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from collapse_core.summary import beyond, by_generation, first_crossing, first_crossings, quantiles


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


@dataclass(frozen=True)
class Reading:
    """What the monitor saw: the line, when the typical run crossed it, how many runs did at
    some generation, and how many were still past it at the last generation."""

    alarm: Alarm
    threshold: float
    typical_generation: int | None
    runs_crossed: int
    runs: int
    runs_at_end: int  # past the line at the last generation: lost, not just dipped
    last_generation: int

    @property
    def runs_dipped(self) -> int:
        """Runs that crossed the line for a while and were back on the safe side at the end."""
        return self.runs_crossed - self.runs_at_end


def watch(metrics: pd.DataFrame, alarm: Alarm, reference: float) -> Reading:
    """Check the median over runs, and every run, against the alarm's line."""
    return watch_table(by_generation(metrics, alarm.metric), alarm, reference)


def watch_table(table: np.ndarray, alarm: Alarm, reference: float) -> Reading:
    """watch() of the alarm metric's by_generation table (generations + 1 x runs)."""
    threshold = alarm.line(reference)
    median = quantiles(table)[1]
    crossed = int((first_crossings(table, threshold, alarm.direction) >= 0).sum())
    at_end = int(beyond(table[-1], threshold, alarm.direction).sum())
    return Reading(alarm, threshold, first_crossing(median, threshold, alarm.direction),
                   crossed, table.shape[1], at_end, table.shape[0] - 1)
