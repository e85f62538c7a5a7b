"""Plain sentences computed from results: what each chart shows, in everyday words."""

from __future__ import annotations

import pandas as pd

from collapse_core import Result
from collapse_core.families.continuous.metrics import (
    RARE_MODE_GONE,
    SPREAD_DOUBLED,
    SPREAD_HALVED,
    TAKEN_OVER,
)
from collapse_core.families.digits.metrics import DIVERSITY_FELL, ENTROPY_FELL
from collapse_core.families.hiring.metrics import SMALLER_GROUP_HALVED
from collapse_core.families.neural.metrics import DISTINCT_HALVED
from collapse_core.families.text.metrics import RARE_WORDS_HALVED, VOCABULARY_HALVED
from collapse_core.monitor import Alarm, Reading
from collapse_core.summary import band, by_generation, runs_beyond_at_end
from ui.derived import derived
from ui.i18n import N_, _, ngettext, sentences

# What crossing each warning line means, as an event and as a state (English messages).
ALARM_WORDS: dict[Alarm, tuple[str, str]] = {
    SPREAD_HALVED: (N_("the spread fell below half of generation 0's"),
                    N_("a spread below half of generation 0's")),
    SPREAD_DOUBLED: (N_("the spread grew past twice generation 0's"),
                     N_("a spread over twice generation 0's")),
    RARE_MODE_GONE: (N_("the rare group all but vanished (under a tenth of its share in the "
                        "human data)"),
                     N_("a rare group under a tenth of its share in the human data")),
    VOCABULARY_HALVED: (N_("the vocabulary fell below half of generation 0's"),
                        N_("fewer than half of generation 0's words")),
    RARE_WORDS_HALVED: (N_("more than half of the rare words were lost"),
                        N_("fewer than half of the rare words")),
    ENTROPY_FELL: (N_("the mix of digits lost more than 15% of generation 0's variety"),
                   N_("a mix of digits with 15% less variety than generation 0's")),
    DIVERSITY_FELL: (N_("the images lost a quarter of generation 0's variety"),
                     N_("images with a quarter less variety than generation 0's")),
    SMALLER_GROUP_HALVED: (
        N_("the model hired under half as many of the smaller group as people would"),
        N_("a hiring rate for the smaller group under half the people's")),
    DISTINCT_HALVED: (N_("the share of distinct inventions fell below half of generation 0's"),
                      N_("fewer than half of generation 0's share of distinct inventions")),
}


# What picks the run a page draws, as the sentence about it names it (English messages).
TYPICAL_BY = {
    "rare_mode_mass": N_("rare group's share"),
    "std": N_("spread"),
    "vocab_size": N_("vocabulary"),
    "digit_entropy": N_("variety of digits"),
    "yes_rate_minority": N_("hiring rate for the smaller group"),
    "distinct_share": N_("share of distinct inventions"),
}


def drawn_run_sentence(result: Result, metric: str) -> str:
    """Which run the page draws, and why it is a fair one to show ('' for a single run)."""
    runs = result.settings.runs
    if runs == 1:
        return ""
    return _("The run shown is run {run} of {runs}, picked because its {what} at generation "
             "{g} is the median of the runs.").format(
        runs=runs, what=_(TYPICAL_BY[metric]), g=result.settings.generations,
        run=result.example_run + 1)


def share(x: float, short: bool = False) -> str:
    """A ratio as a readable percentage ('23%', 'less than 1%' or, `short`, '<1%', 'almost
    100%')."""
    if 0 < x < 0.01:
        return "<1%" if short else _("less than 1%")
    if 0.995 <= x < 1:
        return _("almost 100%")
    return f"{x:.0%}"


def typical(metrics: pd.DataFrame, metric: str) -> tuple[float, float]:
    """The median over runs of a metric at generation 0 and at the last generation."""
    summary = band(metrics, metric)["median"]
    return float(summary.iloc[0]), float(summary.iloc[-1])


@derived
def shown(result: Result, metric: str) -> tuple[float, float]:
    """A metric of the run the page shows (its curves, images or passages) at generation 0 and
    at the last generation: the tiles' numbers, so that they agree with the player's."""
    values = by_generation(result.metrics, metric)[:, result.example_run]
    return float(values[0]), float(values[-1])


def event(alarm: Alarm) -> str:
    """What crossing the alarm's line means, in the reader's language."""
    return _(ALARM_WORDS[alarm][0])


def monitor_sentence(reading: Reading) -> str:
    """When the warning line was crossed, for the typical run and across runs, telling the runs
    still past it at the last generation (lost) from those that came back (dipped), and for the
    run the page draws if the reading was asked about it."""
    g, last = reading.typical_generation, reading.last_generation
    condition = _(ALARM_WORDS[reading.alarm][1])
    if reading.runs == 1:
        if g is None:
            return _("✓ Warning line not crossed: no generation had {condition}.").format(
                condition=condition)
        if reading.runs_at_end:
            return _("⚠ Warning line crossed: {event} at generation {g}, and at generation "
                     "{last} it still had {condition}.").format(
                event=event(reading.alarm), g=g, last=last, condition=condition)
        return _("⚠ Warning line crossed: {event} at generation {g}, then came back: by "
                 "generation {last} it was a dip, not a loss.").format(
            event=event(reading.alarm), g=g, last=last)
    if reading.runs_crossed == 0:
        return _("✓ Warning line not crossed in any of the {runs} runs: no generation had "
                 "{condition}.").format(runs=reading.runs, condition=condition)
    lost, dipped = reading.runs_at_end, reading.runs_dipped
    parts = [ngettext("⚠ **Lost in {lost} of {runs} runs:** at generation {last} that run still "
                      "had {condition}.",
                      "⚠ **Lost in {lost} of {runs} runs:** at generation {last} those runs "
                      "still had {condition}.", lost).format(
                 lost=lost, runs=reading.runs, last=last, condition=condition)
             if lost else
             _("✓ **Lost in none of the {runs} runs:** at generation {last} none had "
               "{condition}.").format(runs=reading.runs, last=last, condition=condition)]
    if dipped:
        parts.append(ngettext(
            "**Dipped and came back in {dipped}:** {event} for a while, then recovered.",
            "**Dipped and came back in {dipped}:** {event} for a while, then recovered.",
            dipped).format(dipped=dipped, event=event(reading.alarm)))
    shown = reading.shown_run is not None
    if shown and reading.shown_generation == g:  # the run shown is the typical one here: once
        parts.append(_("The typical run and the run shown on this page stayed on the safe side "
                       "of the warning line.") if g is None else
                     _("In the typical run (the median of the runs) and in the run shown on "
                       "this page, it first happened at generation {g}.").format(g=g))
        return sentences(parts)
    parts.append(_("The typical run stayed on the safe side of the warning line.") if g is None
                 else _("In the typical run (the median of the runs) it first happened at "
                        "generation {g}.").format(g=g))
    if shown:
        parts.append(_("The run shown on this page stayed on the safe side of the warning line.")
                     if reading.shown_generation is None else
                     _("In the run shown on this page (the one the player plays) it first "
                       "happened at generation {g}.").format(g=reading.shown_generation))
    return sentences(parts)


def taken_over_sentence(metrics: pd.DataFrame) -> str:
    """The runs in which the rare group took over instead of vanishing, as the other face of the
    same loss of variety ('' if none did)."""
    taken = runs_beyond_at_end(metrics, "rare_mode_mass", TAKEN_OVER, "above")
    if not taken:
        return ""
    last, runs = int(metrics["generation"].max()), int(metrics["run"].nunique())
    high = float(band(metrics, "rare_mode_mass")["high"].iloc[-1])
    parts = [ngettext(
        "**Took over in {taken} of {runs} runs:** at generation {last} the rare group held "
        "more than half of the model.",
        "**Took over in {taken} of {runs} runs:** at generation {last} the rare group held "
        "more than half of the model.", taken).format(taken=taken, runs=runs, last=last)]
    if high > TAKEN_OVER:
        parts.append(_("That is why the shaded band (where 80% of the runs are) climbs to "
                       "{high}.").format(high=share(high)))
    parts.append(_("Vanishing or taking over, it is the same loss of variety: the model no "
                   "longer has the human data's mix of groups."))
    return sentences(parts)


def spread_sentence(metrics: pd.DataFrame, generations: int) -> str:
    """How the spread changed from generation 0 to the last generation."""
    start, end = typical(metrics, "std")
    ratio = end / start if start > 0 else 1.0
    trend = (_("narrower") if ratio < 0.97 else _("wider") if ratio > 1.03
             else _("about the same"))
    if metrics["run"].nunique() > 1:
        return ngettext("In the typical run, after {g} generation the spread is {ratio} of "
                        "generation 0's ({trend}).",
                        "In the typical run, after {g} generations the spread is {ratio} of "
                        "generation 0's ({trend}).",
                        generations).format(g=generations, ratio=share(ratio),
                                                     trend=trend)
    return ngettext("After {g} generation the spread is {ratio} of generation 0's ({trend}).",
                    "After {g} generations the spread is {ratio} of generation 0's ({trend}).",
                    generations).format(
        g=generations, ratio=share(ratio), trend=trend)
