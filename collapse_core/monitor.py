"""The collapse monitor: the first generation at which a metric crosses a warning line, and
how many runs end past it (lost) or only crossed it for a while (dipped)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from collapse_core.summary import (
    band,
    first_crossing,
    runs_beyond_at_end,
    share_of_runs_crossed,
)


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
    threshold = alarm.line(reference)
    median = band(metrics, alarm.metric)["median"].to_numpy()
    crossed, runs = share_of_runs_crossed(metrics, alarm.metric, threshold, alarm.direction)
    at_end = runs_beyond_at_end(metrics, alarm.metric, threshold, alarm.direction)
    return Reading(alarm, threshold, first_crossing(median, threshold, alarm.direction),
                   crossed, runs, at_end, int(metrics["generation"].max()))
