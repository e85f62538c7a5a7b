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
    some generation, how many were still past it at the last generation, and (if asked) when
    one given run, the one a page draws, first crossed it."""

    alarm: Alarm
    threshold: float
    typical_generation: int | None
    runs_crossed: int
    runs: int
    runs_at_end: int  # past the line at the last generation: lost, not just dipped
    last_generation: int
    shown_run: int | None = None  # the run the page draws, if the reading is asked about it
    shown_generation: int | None = None  # when that run first crossed the line (None: never)

    @property
    def runs_dipped(self) -> int:
        """Runs that crossed the line for a while and were back on the safe side at the end."""
        return self.runs_crossed - self.runs_at_end


def watch(metrics: pd.DataFrame, alarm: Alarm, reference: float,
          shown_run: int | None = None) -> Reading:
    """Check the median over runs, and every run, against the alarm's line (and tell when run
    `shown_run` first crossed it)."""
    return watch_table(by_generation(metrics, alarm.metric), alarm, reference, shown_run)


def watch_table(table: np.ndarray, alarm: Alarm, reference: float,
                shown_run: int | None = None) -> Reading:
    """watch() of the alarm metric's by_generation table (generations + 1 x runs)."""
    threshold = alarm.line(reference)
    median = quantiles(table)[1]
    firsts = first_crossings(table, threshold, alarm.direction)
    at_end = int(beyond(table[-1], threshold, alarm.direction).sum())
    shown = (None if shown_run is None or firsts[shown_run] < 0 else int(firsts[shown_run]))
    return Reading(alarm, threshold, first_crossing(median, threshold, alarm.direction),
                   int((firsts >= 0).sum()), table.shape[1], at_end, table.shape[0] - 1,
                   shown_run, shown)
