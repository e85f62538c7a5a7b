"""A human share that changes over the generations (the web fills with AI content): the sentence
that says so, the chart with the share drawn under it, and when the model started to slip.

The model *slips* when the typical run's headline metric goes halfway from its reference (where
it started) to the page's warning line: far enough not to be a single run's luck at the sample
sizes the pages use, well before the collapse the warning line stands for.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from collapse_core import Result
from collapse_core.monitor import Alarm, watch
from collapse_core.settings import Settings
from ui import figures
from ui.captions import share
from ui.charts import show
from ui.i18n import N_, _, ngettext, sentences
from ui.palette import ALARM, HUMAN, HUMAN_FILL

# What slips, as the slip sentence names it (English messages), by headline metric.
SLIP_WHAT = {
    "std": N_("its spread"),
    "rare_mode_mass": N_("its share of the rare group"),
    "vocab_size": N_("its vocabulary"),
    "digit_entropy": N_("the variety of its digits"),
}


def scheduled(settings: Settings) -> bool:
    """Whether the human share changes over the generations."""
    return settings.human_fraction_end is not None


def learns_from_humans(settings: Settings) -> bool:
    """Whether any generation after 0 has human data in its training set."""
    return bool(settings.human_counts(max(settings.generations, 1))[1:].any())


def human_shares(settings: Settings) -> np.ndarray:
    """The human share of each generation's training set, 0..G (generation 0: all human)."""
    return settings.human_counts(settings.generations) / settings.sample_size


def schedule_sentence(settings: Settings) -> str:
    """How the human share moves, and (when it falls) why the web's does."""
    end_at = settings.ramp_generations + 1
    parts = [_("**The human share changes.** Human data makes up {start} of generation 1's "
               "training set and {end} from generation {g} on.").format(
        start=share(settings.human_count_at(1) / settings.sample_size),
        end=share(settings.human_count_at(end_at) / settings.sample_size), g=end_at)]
    if settings.human_fraction_end < settings.human_fraction:
        parts.append(_("So it goes on the web: about 1 in 20 new articles was written by AI in "
                       "2020, about half by late 2024 (Graphite, 65,000 articles sampled from "
                       "Common Crawl)."))
    return sentences(parts)


def show_schedule(settings: Settings) -> None:
    """The schedule's sentence, as a caption (nothing while the share is constant)."""
    if scheduled(settings):
        st.caption(schedule_sentence(settings))


def slip_alarm(alarm: Alarm) -> Alarm:
    """The line halfway between the alarm's reference (factor 1) and its warning line."""
    return replace(alarm, factor=(1 + alarm.factor) / 2)


def _condition(alarm: Alarm) -> str:
    """Where the slip line is, against the alarm's reference: 'below 75% of generation 0's'
    (the rare group's is the human data's share)."""
    value = f"{alarm.factor:.0%}"
    if alarm.metric == "rare_mode_mass":
        return _("below {share} of the human data's").format(share=value)
    if alarm.direction == "below":
        return _("below {share} of generation 0's").format(share=value)
    return _("above {share} of generation 0's").format(share=value)


def slip_sentence(metrics: pd.DataFrame, alarm: Alarm, reference: float,
                  settings: Settings) -> tuple[str, int | None]:
    """When the model started to slip (the typical run's first generation past the slip line)
    and the human share then, with the odds over runs; and that generation (None: never)."""
    line = slip_alarm(alarm)
    reading = watch(metrics, line, reference)
    what, condition = _(SLIP_WHAT[alarm.metric]), _condition(line)
    g = reading.typical_generation
    at = (_("at generation {g}, when human data made up {share} of its training set").format(
        g=g, share=share(settings.human_count_at(g) / settings.sample_size))
        if g is not None else "")
    if reading.runs == 1:
        if g is None:
            return _("The model did not slip: {what} never went {condition}, halfway to the "
                     "warning line.").format(what=what, condition=condition), None
        return _("The model started to slip {at}: {what} went {condition}, halfway to the "
                 "warning line.").format(at=at, what=what, condition=condition), g
    odds = ngettext(
        "In {crossed} of {runs} runs the model slipped at some point: {what} went {condition}, "
        "halfway to the warning line.",
        "In {crossed} of {runs} runs the model slipped at some point: {what} went {condition}, "
        "halfway to the warning line.", reading.runs_crossed).format(
        crossed=reading.runs_crossed, runs=reading.runs, what=what, condition=condition)
    typical = (_("The typical run started to slip {at}.").format(at=at) if g is not None
               else _("The typical run did not slip."))
    return sentences([odds, typical]), g


def share_panel(shares: np.ndarray) -> dict:
    """The human share of each generation's training set, as a grey area."""
    x = np.arange(shares.size)
    return dict(data=[figures.line(x, shares, name=_("Human data in the training set"),
                                   fill="tozeroy", fillcolor=HUMAN_FILL,
                                   line=dict(color=HUMAN, width=2))],
                layout=figures.layout(height=120, x_title=_("generation"),
                                      y_title=_("human data"),
                                      yaxis=dict(range=[0, 1.05], tickformat=".0%",
                                                 nticks=3)))


def scheduled_chart(metrics: pd.DataFrame, metric: str, y_title: str, shares: np.ndarray,
                    slipped_at: int | None = None, **kwargs) -> dict:
    """figures.metric_chart over the human share's panel, with the generation the model started
    to slip marked."""
    spec = figures.stacked(figures.metric_chart(metrics, metric, y_title, **kwargs),
                           share_panel(shares))
    if slipped_at is None:
        return spec
    mark = dict(type="line", yref="paper", y0=0, y1=1, x0=slipped_at, x1=slipped_at,
                line=dict(color=ALARM, width=2, dash="dot"))
    note = dict(x=slipped_at, y=1, yref="paper", text=_("slipped: gen {g}").format(g=slipped_at),
                showarrow=False, xanchor="right", yanchor="top", font=dict(color=ALARM))
    layout_ = spec["layout"]
    return dict(spec, layout=dict(layout_, shapes=[*layout_["shapes"], mark],
                                  annotations=[*layout_["annotations"], note]))


def metric_view(result: Result, metric: str, y_title: str, alarm: Alarm, reference: float, *,
                alt: str, caption: str, **kwargs) -> None:
    """A metric's chart and its sentence: as figures.metric_chart while the human share is
    constant; while it changes, with the share drawn below and when the model started to slip
    said after the sentence."""
    settings = result.settings
    if not scheduled(settings):
        show(figures.metric_chart, result.metrics, metric, y_title, alt=alt,
             example_run=result.example_run, **kwargs)
        st.markdown(caption)
        return
    slip, slipped_at = slip_sentence(result.metrics, alarm, reference, settings)
    show(scheduled_chart, result.metrics, metric, y_title, human_shares(settings),
         slipped_at=slipped_at, example_run=result.example_run, **kwargs,
         alt=_("{alt} Below it, the share of human data in each generation's training "
               "set.").format(alt=alt))
    st.markdown(sentences([caption, slip]))
