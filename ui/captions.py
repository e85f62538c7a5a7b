"""Plain sentences computed from results: what each chart shows, in everyday words."""

from __future__ import annotations

import pandas as pd

from collapse_core.monitor import Reading
from collapse_core.summary import band


def share(x: float) -> str:
    """A ratio as a readable percentage ('23%', 'less than 1%')."""
    if 0 < x < 0.01:
        return "less than 1%"
    return f"{x:.0%}"


def typical(metrics: pd.DataFrame, metric: str) -> tuple[float, float]:
    """The median over runs of a metric at generation 0 and at the last generation."""
    summary = band(metrics, metric)["median"]
    return float(summary.iloc[0]), float(summary.iloc[-1])


def monitor_sentence(reading: Reading) -> str:
    """When the monitor fired, for the typical run and across runs."""
    alarm = reading.alarm
    if reading.runs == 1:
        if reading.typical_generation is None:
            return f"✓ Monitor: no generation had {alarm.condition}."
        return f"⚠ Monitor: {alarm.event} at generation {reading.typical_generation}."
    odds = f"in {reading.runs_crossed} of {reading.runs} runs {alarm.event} at some point"
    if reading.typical_generation is None:
        return f"⚠ Monitor: {odds}; the typical run stayed on the safe side."
    return f"⚠ Monitor: {odds}; in the typical run it happened at generation " \
           f"{reading.typical_generation}."


def spread_sentence(metrics: pd.DataFrame, generations: int) -> str:
    """How the spread changed from generation 0 to the last generation."""
    start, end = typical(metrics, "std")
    who = "In the typical run, after" if metrics["run"].nunique() > 1 else "After"
    ratio = end / start if start > 0 else 1.0
    trend = "narrower" if ratio < 0.97 else "wider" if ratio > 1.03 else "about the same"
    return (f"{who} {generations} generations the spread is {share(ratio)} of generation 0's "
            f"({trend}).")
