"""The Compare page's rare-group view: each strategy's share of the human data's rare group over
the generations, and which strategies keep it and which lose it."""

from __future__ import annotations

from collapse_core import Result
from collapse_core.families.continuous.metrics import (
    RARE_MODE_GONE,
    TAKEN_OVER,
    continuous_metrics,
)
from collapse_core.families.continuous.sources import continuous_source
from collapse_core.monitor import watch
from collapse_core.summary import band, runs_beyond_at_end
from ui.captions import share
from ui.compare_view import strategy_chart
from ui.figures import SHARE_AXIS, line
from ui.i18n import N_, _, sentences
from ui.palette import ALARM, HUMAN

# The view's name and its axis title (English messages).
RARE_VIEW = (N_("Rare group"), N_("rare group's share"))
# Taller than the other views by the legend's extra row (the human share and the 'gone' line),
# so that the plot keeps their height, on a phone too.
HEIGHT, EXTRA_ROW = 460, 40


def human_rare_share(source: str) -> float:
    """The share of a source's human data in its rare group's range (what the 'all but gone'
    line is a tenth of)."""
    chosen = continuous_source(source)
    return float(continuous_metrics(chosen.distribution, chosen)["rare_mode_mass"])


def share_axis(bands: dict, human: float) -> dict:
    """The rare chart's axis: up to a little above the highest band and twice the human share
    (no further than 100%, where a group that took over ends), and a little below 0, so that
    the 'all but gone' line stands clear of the axis. All strategies share the chart: fitting
    it to them keeps their differences visible (up to 100% they would crowd its bottom)."""
    highest = max(float(b["high"].max()) for b in bands.values())
    top = min(SHARE_AXIS["range"][1], max(2 * human, 1.15 * highest))
    return dict(range=[SHARE_AXIS["range"][0] * top, top])


def rare_chart(results: dict[str, Result], runs: int, labels: dict[str, str], human: float
               ) -> dict:
    """Every strategy's share of the rare group (median and 10-90% band over runs), with the
    human data's share and the line a tenth of it, under which the group is all but gone."""
    bands = {key: band(result.metrics, "rare_mode_mass") for key, result in results.items()}
    figure = strategy_chart(bands, runs, labels, _(RARE_VIEW[1]), percent=True,
                            height=HEIGHT, y_axis=share_axis(bands, human))
    # In the legend, as on the Bell page, the 'gone' line's share too: names or numbers written
    # on the chart would cross the lines (a strategy that loses the group fast crosses its start).
    x = [0, next(iter(results.values())).settings.generations]
    gone = RARE_MODE_GONE.line(human)
    figure["data"] += [
        line(x, [y, y], name=name, hoverinfo="skip", line=dict(color=colour, width=2, dash=dash))
        for y, colour, dash, name in ((human, HUMAN, "dash", _("Human data")),
                                      (gone, ALARM, "dot",
                                       _("All but gone ({line})").format(line=f"{gone:.1%}")))]
    return figure


def rare_sentence(results: dict[str, Result], labels: dict[str, str], human: float) -> str:
    """Which strategies kept the rare group at the last generation in every run, which lost it
    (under a tenth of its human share) in most runs or in some, and where it took over."""
    kept, most, some, took = [], [], [], []
    for key, result in results.items():
        reading = watch(result.metrics, RARE_MODE_GONE, human)
        lost, runs = reading.runs_at_end, reading.runs
        named = _("{label}, {lost} of {runs} runs").format(label=labels[key], lost=lost,
                                                           runs=runs)
        (kept if not lost else most if 2 * lost > runs else some).append(
            labels[key] if not lost else named)
        taken = runs_beyond_at_end(result.metrics, "rare_mode_mass", TAKEN_OVER, "above")
        if taken:
            took.append(_("{label}, {lost} of {runs} runs").format(
                label=labels[key], lost=taken, runs=reading.runs))
    last = next(iter(results.values())).settings.generations
    # "Lost" here is the rare group's own line; the verdict's warning line is another measure's.
    parts = [_("**The rare group** holds {share} of the human data. At generation {g}, a "
               "strategy has lost the group where its line ends under the dotted line, a tenth "
               "of that ({line}). (The verdict below ranks the strategies by another measure, "
               "with its own warning line.)").format(share=share(human), g=last,
                                                     line=f"{RARE_MODE_GONE.line(human):.1%}")]
    for names, words in ((kept, N_("Kept the rare group in every run: {names}.")),
                         (most, N_("Lost the rare group in most runs: {names}.")),
                         (some, N_("Lost the rare group in some runs: {names}."))):
        if names:
            parts.append(_(words).format(names=_("; ").join(names)))
    if not kept:
        parts.append(_("No strategy kept the rare group in every run."))
    if took:
        parts.append(_("It took over instead (more than half of the model) with {names}: the "
                       "same loss of variety.").format(names=_("; ").join(took)))
    return sentences(parts)
