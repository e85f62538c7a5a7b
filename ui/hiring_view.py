"""The body of the hiring page ("Who gets left out?"): the rates, the rule, the gap, accuracy,
the smaller group's share, and the plain sentences computed from them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from collapse_core import Result
from collapse_core.families.hiring import theory
from collapse_core.families.hiring.card import ALARM_REFERENCE, HIRING
from collapse_core.monitor import watch
from collapse_core.summary import band, by_generation
from ui import figures
from ui.captions import drawn_run_sentence, monitor_sentence, share
from ui.generation_picker import GenerationPicker
from ui.hiring_figures import rates_chart, rule_chart
from ui.i18n import N_, _, ngettext, sentences
from ui.page_parts import download, plot
from ui.player import show_player
from ui.present import presenting
from ui.schedule_view import show_schedule
from ui.view_picker import show_views

FOUR_FIFTHS = 0.8  # the US four-fifths rule of thumb for adverse impact
PLAYER_CHART_HEIGHT = 330  # under the player, on the first screen with a notice above it
PICKER = GenerationPicker(N_("Generation shown"), N_(
    "Drag to any generation: the simulation is not run again."))


def medians(metrics: pd.DataFrame, g: int) -> dict[str, float]:
    """Every metric's median over runs at generation g."""
    return metrics[metrics["generation"] == g].drop(columns=["run", "generation"]).median()


def rate(x: float) -> str:
    """A rate as the sentences write it: '23%', or '–' where no one of a group applied."""
    return share(x) if np.isfinite(x) else "–"


def rates_sentence(metrics: pd.DataFrame, g: int) -> str:
    """'After 20 generations the model hires 8% of the smaller group (people: 22%) and 19% of
    the larger (people: 35%).'"""
    m = medians(metrics, g)
    values = dict(g=g, small=rate(m["yes_rate_minority"]),
                  people_small=rate(m["people_rate_minority"]),
                  large=rate(m["yes_rate_majority"]),
                  people_large=rate(m["people_rate_majority"]))
    if g == 0:
        return _("At generation 0 the model hires {small} of the smaller group (people: "
                 "{people_small}) and {large} of the larger (people: {people_large})."
                 ).format(**values)
    return ngettext("After {g} generation the model hires {small} of the smaller group (people: "
                    "{people_small}) and {large} of the larger (people: {people_large}).",
                    "After {g} generations the model hires {small} of the smaller group (people: "
                    "{people_small}) and {large} of the larger (people: {people_large}).",
                    g).format(**values)


def fairness_sentence(metrics: pd.DataFrame) -> str:
    """How the smaller group's rate compares with the larger's, first and last."""
    last = int(metrics["generation"].max())
    first, end = medians(metrics, 0), medians(metrics, last)
    people = end["people_rate_minority"] / end["people_rate_majority"]
    if not np.isfinite(end["selection_ratio"]):
        return _("At generation {g} the model hires no one from the larger group: there is no "
                 "ratio left to compare.").format(g=last)
    return _("For every 100 of the larger group hired, people hire {people} of the smaller "
             "group; the model {first} at generation 0 and {end} at generation {g}. Below "
             "{rule} an employer fails the four-fifths rule of thumb.").format(
        people=f"{100 * people:.0f}", first=f"{100 * first['selection_ratio']:.0f}",
        end=f"{100 * end['selection_ratio']:.0f}", g=last, rule=f"{100 * FOUR_FIFTHS:.0f}")


def theory_lines(result: Result, labels: str) -> tuple[dict[str, np.ndarray], str]:
    """The theory that applies to these settings, as lines and a sentence."""
    s, m = result.settings, result.metrics
    g = np.arange(s.generations + 1)
    if labels == "sample" and s.human_fraction == 0 and s.temperature == 1:
        start = band(m, "yes_rate_minority")["median"].iloc[0]
        return ({_("Theory: expected rate, smaller group"): np.full(g.size, start)},
                _("**Theory.** With sampled decisions and no human data the expected hiring "
                  "rate stays where it started (a martingale): it drifts by chance, not in a "
                  "direction; the band widens as runs drift apart."))
    if labels == "sample" and s.human_fraction > 0 and s.human_fraction_end is None:
        people = band(m, "people_rate_minority")["median"].to_numpy()
        delta = abs(band(m, "yes_rate_minority")["median"].iloc[0] - people[0])
        bound = theory.calibrated_bound(delta, s.human_fraction)
        return ({_("Theory: bound for the smaller group"): people - bound},
                _("**Theory.** With sampled (calibrated) decisions and {f} human data, the "
                  "model's error for a group stays within δ(1 + k/m) = {bound} in the long run "
                  "(Taori & Hashimoto 2023), where δ = {delta} is generation 0's.").format(
                    f=share(s.human_fraction), bound=share(bound), delta=share(delta)))
    if labels == "argmax":
        return {}, _("**Why it falls.** The model can never be quite sure (its training keeps "
                     "it cautious), so near its bar its own decisions blur; retrained on them, "
                     "it sets the bar a little higher each generation, where fewer applicants "
                     "are. The group whose scores are lower loses the most in proportion.")
    return {}, ""


def start_sentence(metrics: pd.DataFrame, options: dict, g: int) -> str:
    """Why generation 0, which learned from people's own decisions, already hires fewer of the
    smaller group than people do, where it does ('' where it does not): deciding by whichever
    is likelier, it hires everyone above its bar and no one below it, where people still hire
    some, and more of the smaller group's applicants are below it (so the smaller group loses
    more in proportion). Said without numbers at generation 0, whose sentence gives them."""
    if options["labels"] != "argmax" or options["rebalance"]:
        return ""
    m = medians(metrics, 0)
    small, people = m["yes_rate_minority"], m["people_rate_minority"]
    if not (np.isfinite(small) and share(small) != share(people) and small < people
            and small / people < m["yes_rate_majority"] / m["people_rate_majority"]):
        return ""
    why = _("it hires everyone above its bar and no one below it, where people still hire "
            "some, and more of the smaller group's applicants are below the bar.")
    if g == 0:
        return _("It learned from people's own decisions, yet already hires fewer than they "
                 "do, the smaller group most of all: {why}").format(why=why)
    return _("Even generation 0, which learned from people's own decisions, hires only {small} "
             "of the smaller group: {why}").format(small=share(small), why=why)


def player(result: Result, options: dict) -> None:
    """The player: the model's rule at each generation against the people's, over each
    group's applicants (as many as apply that generation in the run shown)."""
    shares = by_generation(result.metrics, "minority_share")[:, result.example_run]

    def draw(g: int) -> None:
        plot(rule_chart, result.example, g, float(shares[g]), height=PLAYER_CHART_HEIGHT,
             present_height=300,
             alt=_("Line chart of the chance of being hired along the score, for each group: "
                   "the model's at generation {g} and the people's, over shaded hills of how "
                   "many of each group's applicants have each score.").format(g=g),
             caption=sentences([rates_sentence(result.metrics, g),
                                start_sentence(result.metrics, options, g)]))

    show_player(PICKER, result.settings.generations, draw)


# The one sentence at the top of the page for each view that is not the player.
VIEW_LEADS = {
    "Gap between groups": N_("The smaller group's hiring rate against the larger group's, "
                             "generation by generation."),
    "Accuracy": N_("How often the model's decisions match the ones people would make."),
    "Who applies": N_("How big a share of the applicants the smaller group makes up."),
}


def show_hiring_result(result: Result, options: dict, details=None) -> None:
    """Everything the page shows of a result, for the experiment's `options` (the card's): the
    chosen view where the page is; the schedule and the download in `details`, a container
    further down (in present mode, the views only, the first one the player)."""
    m, last = result.metrics, result.settings.generations
    PICKER.picked(last)
    reading = watch(m, HIRING.alarm, band(m, ALARM_REFERENCE)["median"].iloc[0],
                    shown_run=result.example_run)

    def hired() -> None:
        player(result, options)  # first: the rule moving generation by generation
        if presenting():
            return
        lines, note = theory_lines(result, options["labels"])
        plot(rates_chart, m, PICKER.shown(), lines,
             alt=_("Line chart of the share of each group hired, by the model and by people, "
                   "over generations."),
             caption=sentences([monitor_sentence(reading), note]))
        if result.settings.runs > 1:
            st.caption(drawn_run_sentence(result, HIRING.headline))

    def gap() -> None:
        plot(figures.metric_chart, m, "selection_ratio", _("smaller group hired per larger"),
             threshold=FOUR_FIFTHS, example_run=result.example_run,
             y_axis=dict(range=[0, 1.3]),
             alt=_("Line chart of the smaller group's hiring rate over the larger group's."),
             caption=fairness_sentence(m))

    def accuracy() -> None:
        end = medians(m, last)
        plot(figures.metric_chart, m, "accuracy_minority",
             _("agreement with people, smaller group"), percent=True,
             example_run=result.example_run, y_axis=dict(range=[0.5, 1]),
             alt=_("Line chart of how often the model's decisions on the smaller group match "
                   "the people's."),
             caption=_("At generation {g} the model's decisions match the people's for {small} "
                       "of the smaller group and {large} of the larger. Agreeing often is not "
                       "fairness: of the smaller group's applicants people would hire, the "
                       "model turns away {missed} (larger group: {missed_large}).").format(
                 g=last, small=share(end["accuracy_minority"]),
                 large=share(end["accuracy_majority"]), missed=share(end["missed_minority"]),
                 missed_large=share(end["missed_majority"])))

    def applicants() -> None:
        start, end = medians(m, 0), medians(m, last)
        plot(figures.metric_chart, m, "minority_share", _("smaller group's share"),
             percent=True, example_run=result.example_run, y_axis=dict(range=[0, 0.55]),
             alt=_("Line chart of the smaller group's share of the applicants."),
             caption=_("The smaller group makes up {start} of the applicants at generation 0 "
                       "and {end} at generation {g}. {why}").format(
                 start=share(start["minority_share"]), end=share(end["minority_share"]),
                 g=last, why=_("A group the model wrongly turns away applies less the next "
                               "year (Hashimoto et al. 2018).")
                 if options["leave"] else
                 _("Turn on *People leave* to let those wrongly turned away stop applying.")))

    show_views({N_("Who is hired"): hired, N_("Gap between groups"): gap,
                N_("Accuracy"): accuracy, N_("Who applies"): applicants}, leads=VIEW_LEADS)
    if not presenting():
        with details or st.container():
            show_schedule(result.settings)
            download(result)
