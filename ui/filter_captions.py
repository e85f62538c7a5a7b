"""The filter page's sentences: what each view shows, computed from the results, in odds over
runs where luck decides."""

from __future__ import annotations

import numpy as np
import pandas as pd

from collapse_core import Result
from collapse_core.monitor import watch
from collapse_core.strategies import about_the_same, median_se
from collapse_core.summary import by_generation
from ui.captions import event, share, typical
from ui.filter_families import Family
from ui.filter_figures import CHANCE, nan_median
from ui.i18n import N_, _, ngettext, sentences

# The headline metric as the sentences name it (English messages).
MODEL_WHAT = {
    "std": N_("the model's spread"),
    "rare_mode_mass": N_("the model's share of the rare group"),
    "vocab_size": N_("the model's vocabulary"),
    "digit_entropy": N_("the variety of the model's digits"),
}


def at_generation(metrics: pd.DataFrame, metric: str, g: int) -> float:
    """The median over runs of a metric at generation g (NaN where it was not measured)."""
    return float(nan_median(by_generation(metrics, metric)[g]))


def over_generations(metrics: pd.DataFrame, metric: str) -> np.ndarray:
    """Each run's average of a per-generation share over generations 1..G (NaN: not measured)."""
    return nan_mean(by_generation(metrics, metric)[1:])


def nan_mean(table: np.ndarray) -> np.ndarray:
    """The mean of each column leaving out NaN: NaN where nothing was measured."""
    seen = ~np.isnan(table)
    total = np.where(seen, table, 0).sum(axis=0)
    return np.where(seen.any(axis=0), total / np.maximum(seen.sum(axis=0), 1), np.nan)


def ratio(metrics: pd.DataFrame, metric: str) -> float:
    """The typical run's last value of a metric against its generation 0."""
    start, end = typical(metrics, metric)
    return end / start if start else 1.0


def detector_name(settings) -> str:
    """Which detector a result's runs used, as the sentences name it: ideal or learned."""
    if settings.filter == "ideal":
        return _("the ideal detector ({recall} caught)").format(
            recall=share(settings.filter_recall))
    if settings.filter == "detect":
        return _("the learned detector, watching only")
    return _("the learned detector")


def within_luck(metrics: pd.DataFrame, plain: pd.DataFrame, metric: str) -> bool:
    """Whether the runs' drifts from generation 0 (how far each run's last value is from its
    first, as a share of it) differ with and without the detector by no more than luck
    explains, as Compare judges its strategies (False for one run: no noise estimate)."""
    drifts = []
    for table in (metrics, plain):
        values = by_generation(table, metric)
        with np.errstate(divide="ignore", invalid="ignore"):  # a run that started at 0
            drifts.append(np.abs(values[-1] / values[0] - 1))
    (a, b), runs = drifts, len(drifts[0])
    return (runs > 1 and bool(np.isfinite(drifts).all())
            and about_the_same(float(np.median(a)), median_se(a), float(np.median(b)),
                               median_se(b), runs))


def verdict_sentence(family: Family, result: Result, plain: Result) -> str:
    """Did the detector help: the headline metric with and without it, at the last generation;
    where it did harm, the human data it threw out."""
    with_, without = ratio(result.metrics, family.metric), ratio(plain.metrics, family.metric)
    harm = False
    if abs(abs(with_ - 1) - abs(without - 1)) < 0.05:
        outcome = _("the detector made little difference")
    elif within_luck(result.metrics, plain.metrics, family.metric):
        outcome = _("the difference is less than luck changes from run to run")
    elif abs(with_ - 1) < abs(without - 1):
        outcome = _("the detector kept the model closer to where it started")
    else:
        outcome, harm = _("the detector let the model drift further"), True
    g = result.settings.generations
    parts = [ngettext("**Did it help?** After {g} generation, {what} is {with_} of generation "
                      "0's with {detector} and {without} without any filter (typical runs): "
                      "{outcome}.",
                      "**Did it help?** After {g} generations, {what} is {with_} of generation "
                      "0's with {detector} and {without} without any filter (typical runs): "
                      "{outcome}.", g).format(
        g=g, what=_(MODEL_WHAT[family.metric]), with_=share(with_), without=share(without),
        detector=detector_name(result.settings), outcome=outcome)]
    thrown = float(nan_median(over_generations(result.metrics, "human_rejected")))
    if harm and result.settings.filter == "learned" and thrown > 0:
        parts.append(_("It threw out {thrown} of the human items by mistake, on average over the "
                       "generations, so less human data reached the model.").format(
            thrown=share(thrown)))
    return sentences(parts)


def compare_note(settings) -> str:
    """How this page's detector relates to the one Compare ranks (an ideal detector)."""
    if settings.filter == "ideal":
        return _("Compare strategies ranks this ideal detector on a web with a fixed share of "
                 "fresh human data: with the same settings, it shows the same numbers.")
    return _("Compare strategies ranks an ideal detector, which never throws out human data; "
             "a learned one must guess, and its mistakes can cost more than they save.")


def tell_sentence(family: Family, result: Result) -> str:
    """How often the detector was right, at first and at the end, against the model's drift."""
    m, last = result.metrics, result.settings.generations
    first, end = at_generation(m, "detector_accuracy", 1), at_generation(m, "detector_accuracy",
                                                                         last)
    drift = ratio(m, family.metric)
    parts = [_("**Can it tell?** On examples it did not learn from, the detector was right "
               "{first} of the time at generation 1 and {end} at generation {g} (typical run; "
               "a coin toss is right {chance} of the time).").format(
        first=share(first), end=share(end), g=last, chance=share(CHANCE))]
    values = dict(what=_(MODEL_WHAT[family.metric]), ratio=share(drift), g=last)
    # Compared as the reader reads them: whole percentages.
    if round(end * 100) - round(first * 100) >= 10:
        parts.append(_("It caught on as the model drifted away from the human data: by "
                       "generation {g}, {what} was {ratio} of generation 0's.").format(**values))
    elif round(max(first, end) * 100) < round((CHANCE + 0.1) * 100):
        parts.append(_("It never did much better than a coin toss, while {what} stayed at "
                       "{ratio} of generation 0's: the model's output was too close to the "
                       "human data to tell apart.").format(**values))
    else:
        parts.append(_("Its accuracy changed little over the generations ({what}: {ratio} of "
                       "generation 0's at generation {g}).").format(**values))
    table = by_generation(m, "detector_accuracy")
    measured = ~np.isnan(table[1]) & ~np.isnan(table[-1])
    better = int((table[-1][measured] > table[1][measured]).sum())
    parts.append(ngettext(
        "In {better} of {runs} runs it was right more often at generation {g} than at "
        "generation 1.",
        "In {better} of {runs} runs it was right more often at generation {g} than at "
        "generation 1.", better).format(better=better, runs=int(measured.sum()), g=last))
    return sentences(parts)


def through_sentence(result: Result, web_ai: np.ndarray) -> str:
    """The AI-made share on the web and in the training set, and what the detector caught."""
    m, last = result.metrics, result.settings.generations
    caught = float(nan_median(over_generations(m, "ai_caught")))
    parts = [_("**What got through.** On the web, AI-made items are {web1} of what is "
               "collected at generation 1 and {web} at generation {g}. After the detector they "
               "make up {got1} and {got} of the training set (typical run).").format(
        web1=share(web_ai[1]), web=share(web_ai[last]), g=last,
        got1=share(at_generation(m, "ai_share", 1)), got=share(at_generation(m, "ai_share",
                                                                             last)))]
    if not np.isnan(caught):
        parts.append(_("It caught {caught} of the AI-made items it looked at, on average over "
                       "the generations.").format(caught=share(caught)))
    return sentences(parts)


def rejected_sentence(family: Family, result: Result) -> str:
    """The human data the detector threw away, the rarest against the others, in odds."""
    m, kind = result.metrics, result.settings.filter
    thrown = over_generations(m, "human_rejected")
    if np.isnan(thrown).all():
        return _("**Human data thrown away.** No human data was mixed into the training sets, "
                 "so the detector had none to throw away.")
    if kind == "ideal":
        return _("**Human data thrown away.** The ideal detector wrongly throws out {share} "
                 "of the human items, rare or common alike.").format(
            share=share(result.settings.filter_false_positive))
    lead = (_("**Human data thrown away.** Watching only, the detector threw nothing out; had "
              "it acted, it would have thrown out {share} of the human items, on average over "
              "the generations (typical run).") if kind == "detect" else
            _("**Human data thrown away.** The detector wrongly threw out {share} of the human "
              "items, on average over the generations (typical run)."))
    parts = [lead.format(share=share(float(nan_median(thrown))))]
    rare, common = (over_generations(m, metric) for metric in ("rare_human_rejected",
                                                               "common_human_rejected"))
    measured = ~np.isnan(rare) & ~np.isnan(common)
    if measured.any():
        first = int((rare[measured] > common[measured]).sum())
        runs = int(measured.sum())
        parts.append(_("Of the rarest human items ({which}) it threw out {rare}; of the others, "
                       "{common}.").format(which=_(family.rare),
                                           rare=share(float(nan_median(rare))),
                                           common=share(float(nan_median(common)))))
        outcome = (_("the rare ones go first") if 2 * first > runs else
                   _("here the common ones go first") if 2 * first < runs else
                   _("neither kind goes first"))
        parts.append(ngettext(
            "In {first} of {runs} runs it threw out a larger share of the rare human items "
            "than of the others: {outcome}.",
            "In {first} of {runs} runs it threw out a larger share of the rare human items "
            "than of the others: {outcome}.", first).format(first=first, runs=runs,
                                                            outcome=outcome))
    return sentences(parts)


def model_sentence(family: Family, result: Result, plain: Result, alarm_reference: float
                   ) -> str:
    """The headline metric with and without the detector, and the warning line's odds: the runs
    past it at the last generation (lost) apart from those that crossed it for a while."""
    with_, without = (watch(r.metrics, family.alarm, alarm_reference) for r in (result, plain))
    return ngettext("**{view}.** With the detector, {what} is {with_} of generation 0's after {g} "
                    "generation; without any filter, {without} (typical runs). Past the warning "
                    "line ({event}) at generation {g}, lost: {lost} of {runs} runs with the "
                    "detector and {plain_lost} without. Crossed it for a while, then came back: "
                    "{dipped} with the detector and {plain_dipped} without.",
                    "**{view}.** With the detector, {what} is {with_} of generation 0's after {g} "
                    "generations; without any filter, {without} (typical runs). Past the warning "
                    "line ({event}) at generation {g}, lost: {lost} of {runs} runs with the "
                    "detector and {plain_lost} without. Crossed it for a while, then came back: "
                    "{dipped} with the detector and {plain_dipped} without.",
                    result.settings.generations).format(
        view=_(family.view), what=_(MODEL_WHAT[family.metric]),
        with_=share(ratio(result.metrics, family.metric)),
        without=share(ratio(plain.metrics, family.metric)), g=result.settings.generations,
        event=event(family.alarm), lost=with_.runs_at_end, plain_lost=without.runs_at_end,
        dipped=with_.runs_dipped, plain_dipped=without.runs_dipped, runs=result.settings.runs)
