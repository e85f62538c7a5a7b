"""The Compare strategies page's parts: each strategy's words, what each model family is judged
on, the charts and the short verdicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from collapse_core import Result, family
from collapse_core.families import CARDS
from collapse_core.strategies import (
    DEFAULT_RECALL,
    about_the_same,
    all_about_the_same,
    final_values,
    noise_known,
)
from ui.captions import event, share
from ui.derived import derived
from ui.figures import layout, line, merged
from ui.filter_families import FAMILIES
from ui.i18n import N_, _, ngettext, sentences
from ui.palette import with_alpha
from ui.serving.first_answer import WAIT_ICON

# Each strategy's name (with {x}, the human data share, and {recall}, the ideal filter's, where
# it uses them), the advice it tests and who gave it (English messages).
STRATEGY_WORDS = {
    "self": (N_("Pure self-training"), N_("The baseline: each model learns only from the "
             "previous model's output."), "Shumailov et al., 2024"),
    "keep": (N_("Keep {x} original data"), N_("Retain the original human data in every "
             "training set."), "Shumailov et al., 2024"),
    "fresh": (N_("{x} fresh human data"), N_("Introduce new human data every generation."),
              "Alemohammad et al., 2024"),
    "accumulate": (N_("Accumulate all data"), N_("Keep every earlier training set instead of "
                   "replacing it."), "Gerstgrasser et al., 2024"),
    "cold": (N_("Lower temperature (0.8)"), N_("Safer, sharper sampling, as chatbots use: it "
             "narrows what the model makes (a tighter spread, fewer rare words). It is no "
             "remedy."),
             "Shumailov et al., 2024; Dohmatob et al., 2024"),
    "filter": (N_("Filter AI out: ideal detector ({recall} caught)"), N_(
               "Verify before training: from a web with {x} fresh human data, a detector "
               "throws out {recall} of the AI-made items and never a human one. An ideal "
               "detector: a real one is not this sure."),
               "Feng et al., 2024"),
    "filter-learned": (N_("Filter AI out: learned detector"), N_(
                       "A classifier learns, each generation, to tell human data from the "
                       "model's output, and throws out what it flags as AI-made from a web with "
                       "{x} fresh human data. It can be wrong both ways, and the model drifts "
                       "towards what it accepts."),
                       "Yi et al., 2026"),
}
# A family's own words for strategies, where the lab's (above) would not fit its story, and
# for the strategies its card adds (English messages, as STRATEGY_WORDS).
MODEL_STRATEGY_WORDS = {
    "hiring": {
        "self": (N_("The model decides alone"), N_("The baseline: each year's model learns only "
                 "from last year's model's decisions, yes whenever yes is likelier."),
                 "Wyllie et al., 2024"),
        "keep": (N_("Keep {x} of people's first decisions"), N_("Mix people's decisions on the "
                 "first year's applicants into every training set."),
                 "Taori & Hashimoto, 2023"),
        "fresh": (N_("{x} fresh decisions by people"), N_("People decide on {x} of each year's "
                  "applicants, and the model learns from their decisions too."),
                  "Taori & Hashimoto, 2023"),
        "accumulate": (N_("Accumulate all decisions"), N_("Keep every earlier year's decisions "
                       "instead of replacing them."), "Gerstgrasser et al., 2024"),
        "sample": (N_("Sample decisions"), N_("Hire with the model's own probability instead "
                   "of whenever yes is likelier: calibrated decisions."),
                   "Taori & Hashimoto, 2023"),
        "rebalance": (N_("Rebalance each training set"), N_("Each group and decision counts "
                      "the same in every training set (stratified reparation)."),
                      "Wyllie et al., 2024"),
    },
}
# Each strategy's short name, for the charts' legends: a phone's legend fits two to a line, and
# the plot keeps its height. A family's own where it has its own strategies (English messages).
STRATEGY_SHORT = {"self": N_("Self-training"), "keep": N_("Keep {x}"), "fresh": N_("{x} fresh"),
                  "accumulate": N_("Accumulate"), "cold": N_("Temp. 0.8"),
                  "filter": N_("Ideal filter"), "filter-learned": N_("Learned filter")}
MODEL_STRATEGY_SHORT = {"hiring": {"self": N_("Model alone"), "keep": N_("Keep {x}"),
                                   "fresh": N_("{x} fresh"), "accumulate": N_("Accumulate"),
                                   "sample": N_("Sample"), "rebalance": N_("Rebalance")}}
# What a lower temperature does, said under the charts whose legend names it first.
TEMPERATURE_WORDS = N_("*{label}*: at a lower temperature the model plays it safe. It picks its "
                       "likeliest outputs even more often than it learned them.")
# A little smaller than the charts' text (present mode keeps its own).
LEGEND_FONT = dict(size=14)
# The baseline's name in a verdict ("better than pure self-training"), a family's own where its
# baseline has other words (English messages).
BASELINE_NAME = N_("pure self-training")
MODEL_BASELINE_NAMES = {"hiring": N_("the model deciding alone")}
# Where this page's setting of each Filter page family's option is.
SOURCE_KEYS = {"source": "src", "corpus": "c"}
# The verdict's folds (open while st.session_state[key] is True), drawn only while open.
RANKING_FOLD, MEANING_FOLD = "fold-ranking", "fold-meaning"
# The strategies that filter a web, and the strategy that collects the same web unfiltered.
FILTERED = ("filter", "filter-learned")
UNFILTERED = "fresh"
# One colour and one dash per strategy: Paul Tol's "bright" scheme (and, for the learned filter,
# a violet that stays apart from it), distinct for colour-blind readers in light and dark
# themes; the dashes tell the lines apart in grey too.
STRATEGY_STYLES = {"self": ("#EE6677", "solid"), "keep": ("#4477AA", "dash"),
                   "fresh": ("#228833", "solid"), "accumulate": ("#AA3377", "dashdot"),
                   "cold": ("#CCBB44", "dot"), "filter": ("#66CCEE", "longdash"),
                   "filter-learned": ("#7766DD", "longdashdot"),
                   # a family's own: a decision rule like "cold", a reweighting like a filter
                   "sample": ("#CCBB44", "dot"), "rebalance": ("#66CCEE", "longdash")}


def strategy_words(key: str, model: str | None = None) -> tuple[str, str, str]:
    """A strategy's name, advice and reference (English), the model's own where it has them."""
    return MODEL_STRATEGY_WORDS.get(model, {}).get(key) or STRATEGY_WORDS[key]


def strategy_label(key: str, fraction: float, recall: float = DEFAULT_RECALL,
                   model: str | None = None) -> str:
    """A strategy's name in the reader's language, with its human data share and its filter's
    recall filled in."""
    return _(strategy_words(key, model)[0]).format(x=f"{fraction:.0%}", recall=f"{recall:.0%}")


def strategy_short(key: str, fraction: float, recall: float = DEFAULT_RECALL,
                   model: str | None = None) -> str:
    """A strategy's short name for a legend, in the reader's language, its numbers filled
    in."""
    words = MODEL_STRATEGY_SHORT.get(model, {}).get(key) or STRATEGY_SHORT[key]
    return _(words).format(x=f"{fraction:.0%}", recall=f"{recall:.0%}")


def strategy_advice(key: str, fraction: float, recall: float = DEFAULT_RECALL,
                    model: str | None = None) -> str:
    """What a strategy stands for, in the reader's language, its numbers filled in."""
    return _(strategy_words(key, model)[1]).format(x=f"{fraction:.0%}", recall=f"{recall:.0%}")


@dataclass(frozen=True)
class Yardstick:
    """What a model is ranked by (its card's yardstick: metric, direction, warning line) and
    its words."""

    measure: family.Yardstick
    words: str  # "distance from the human data" (an English message)
    caveat: str = ""  # why the measure treats some strategies unfairly (an English message)


# The rare words counted are the first human sample's: fresh human text brings rare words of
# its own, which keep the model's vocabulary alive but are not counted.
_FRESH_TEXT = N_("Fresh human text brings rare words of its own, which this count leaves out: "
                 "it counts only the first sample's.")
# Each yardstick's words, by its metric: what it measures, and its caveat.
YARDSTICK_WORDS = {
    "wasserstein": (N_("distance from the human data"), ""),
    "rare_word_survival": (N_("share of rare words that survive"), _FRESH_TEXT),
    "minority_rate_error": (N_("distance of the smaller group's hiring rate from people's"),
                            ""),
}
# Each chart's words, by its metric: the view's name and the axis title.
CHART_WORDS = {
    "std": (N_("Spread"), N_("spread")),
    "wasserstein": (N_("Distance from human data"), N_("distance (0 = human data)")),
    "tail_mass": (N_("Unusual values"), N_("unusual values")),
    "rare_word_survival": (N_("Rare words kept"), N_("rare words kept")),
    "vocab_size": (N_("Vocabulary"), N_("different words")),
    "perplexity": (N_("Surprise at human text"), N_("surprise (perplexity)")),
    "yes_rate_minority": (N_("Smaller group hired"), N_("smaller group hired")),
    "minority_rate_error": (N_("Off from people's rate"),
                            N_("smaller group: distance from people's rate")),
    "gap": (N_("Gap between groups"), N_("larger group's rate − smaller group's")),
    "accuracy_minority": (N_("Accuracy, smaller group"), N_("decisions matching people's")),
}
# The models Compare offers (those whose card has a yardstick), by name, in the menu's words.
MODEL_WORDS = {
    "gaussian": N_("One bell curve"),
    "mixture": N_("Mixture of bell curves"),
    "kde": N_("Smoothing (KDE)"),
    "markov": N_("Text (Markov chain)"),
    "hiring": N_("Hiring (two groups of people)"),
}
YARDSTICKS = {model: Yardstick(card.yardstick, *YARDSTICK_WORDS[card.yardstick.metric])
              for model, card in CARDS.items() if card.yardstick is not None}
# The charts drawn for each model: (metric, view name, axis title, shown as a percentage).
CHARTS = {model: [(metric, *CHART_WORDS[metric], percent)
                  for metric, percent in CARDS[model].compare_charts] for model in YARDSTICKS}


def strategy_chart(bands: dict[str, pd.DataFrame], runs: int, labels: dict[str, str],
                   y_title: str, percent: bool, height: int = 420,
                   y_axis: dict | None = None) -> dict:
    """Each strategy's typical run (median) and, with several runs, its 10-90% band, named
    in the legend by `labels`; `height` pixels tall, `y_axis` merged into its y axis."""
    traces = []
    for key, summary in bands.items():
        colour, dash = STRATEGY_STYLES[key]
        x = summary["generation"].to_numpy()
        if runs > 1:
            traces.append(dict(
                type="scatter", x=np.concatenate([x, x[::-1]]),
                y=np.concatenate([summary["high"], summary["low"][::-1]]),
                fill="toself", fillcolor=with_alpha(colour, 0.12), line=dict(width=0),
                hoverinfo="skip", showlegend=False))
        traces.append(line(x, summary["median"].to_numpy(), name=labels[key],
                           line=dict(color=colour, width=4, dash=dash)))
    return dict(data=traces, layout=layout(
        height=height, x_title=_("generation"), y_title=y_title,
        legend=dict(font=LEGEND_FONT),
        yaxis=merged(dict(tickformat=".0%", hoverformat=".1%") if percent else {},
                     y_axis or {}),
    ))


def number_format(values, percent: bool) -> Callable[[float], str]:
    """One format for every number of a table or sentence, rounded as the other pages round:
    a percentage ('<1%' for a sliver), whole numbers where the largest is 10 or more (words,
    surprise), else two decimals (spread, distance), '<0.01' for a value too small for them."""
    if percent:
        return lambda v: share(v, short=True) if v >= 0 else f"{v:.0%}".replace("-0%", "0%")
    if max((abs(v) for v in values), default=0.0) >= 10:
        return lambda v: f"{v:,.0f}"
    return lambda v: "<0.01" if 0 < abs(v) < 0.005 else f"{v:.2f}"


def against(value: tuple[float, float], other: tuple[float, float], runs: int,
            yardstick: Yardstick, shown: Callable[[float], str], name: str,
            same_rank: bool = False) -> str:
    """How a strategy did against another ('about the same as', 'better than' ...), each given
    as (median, its standard error over `runs` runs): about the same where the difference is
    within run-to-run luck, or, with one run (no noise estimate), within 5%. Two that share a
    rank are never called better or worse than each other (the ranking could not order them,
    through the strategies between them)."""
    (median, se), (other_median, other_se) = value, other
    alike = (about_the_same(median, se, other_median, other_se, runs) if runs > 1
             else np.isclose(median, other_median, rtol=0.05))
    if alike:
        return _("about the same as {name}").format(name=name)
    if same_rank:
        return _("sharing its rank with {name} ({value}): too close to put in order").format(
            name=name, value=shown(other_median))
    if (median > other_median) == yardstick.measure.higher_is_better:
        return _("better than {name} ({value})").format(name=name,
                                                         value=shown(other_median))
    return _("worse than {name} ({value})").format(name=name, value=shown(other_median))


def verdict(row: dict, table: pd.DataFrame, yardstick: Yardstick, labels: dict[str, str],
            shown: Callable[[float], str], model: str | None = None) -> str:
    """One short line per strategy (`row`: one of `table`'s rows): its rank (shared with those
    about the same), how it did against pure self-training (a filter: also against the same web
    with no filter), how many runs ended past the warning line and how many only dipped, and
    where the measure is unfair to it, why."""
    # Not table.set_index: every reader of a Compare link pays for each line's lookups.
    by_key = dict(zip(table["strategy"], zip(table["median"], table["se"], strict=True),
                      strict=True))
    ranks = dict(zip(table["strategy"], table["rank"], strict=True))
    key = row["strategy"]
    lost, dipped, runs = row["monitor"]
    comparison = (_("the baseline") if key == "self" else
                  against(by_key[key], by_key["self"], runs, yardstick, shown,
                          _(MODEL_BASELINE_NAMES.get(model, BASELINE_NAME)),
                          same_rank=ranks[key] == ranks["self"]))
    if key in FILTERED and UNFILTERED in by_key:
        comparison = _("{comparison}; {unfiltered}").format(
            comparison=comparison, unfiltered=against(
                by_key[key], by_key[UNFILTERED], runs, yardstick, shown,
                _("the same web unfiltered, *{label}*").format(label=labels[UNFILTERED]),
                same_rank=ranks[key] == ranks[UNFILTERED]))
    line = _("**{rank}. {label}** — {words} {value}: {comparison}. Lost (past the warning line "
             "at the end) in {lost} of {runs} runs; dipped and came back in {dipped}.").format(
        rank=row["rank"], label=labels[key], words=_(yardstick.words),
        value=shown(row["median"]), comparison=comparison, lost=lost, dipped=dipped,
        runs=runs)
    if key in yardstick.measure.caveats:
        line += " " + _(yardstick.caveat)
    return line


def listed(names: list[str]) -> str:
    """Names joined as a sentence lists them ('A, B and C')."""
    if len(names) == 1:
        return names[0]
    return _("{names} and {last}").format(names=_(", ").join(names[:-1]), last=names[-1])


@derived
def verdict_lines(table: pd.DataFrame, yardstick: Yardstick, labels: dict[str, str], shown: str,
                  model: str | None = None) -> list[str]:
    """Every strategy's `verdict` line, in the table's order."""
    return [verdict(row, table, yardstick, labels, shown, model)
            for row in table.to_dict("records")]


@derived
def verdict_headline(table: pd.DataFrame, labels: dict[str, str]) -> str:
    """The verdict in one sentence or three: which strategies are clearly best and clearly
    worst, or that luck cannot order them, as far as the runs can tell."""
    runs = int(table["runs"].iloc[0])
    if not noise_known(table):
        return _("**One run cannot rank them.** Luck alone changes a strategy's result from one "
                 "run to the next, and a single run cannot tell how much: the order below is "
                 "this run's only. Set more runs (10 or more) to see which differences are "
                 "real.")
    if all_about_the_same(table):
        return _("**All about the same.** Over {runs} runs, the differences between the "
                 "strategies are within what luck alone changes from run to run: none is "
                 "clearly better.").format(runs=runs)
    groups = [[labels[k] for k in table.loc[table["rank"] == r, "strategy"]]
              for r in dict.fromkeys(table["rank"])]
    if len(groups) == 1:
        return _("**No clear order.** Some strategies did clearly better than others, but over "
                 "{runs} runs none stands clearly ahead of all the rest. More runs would tell "
                 "them apart.").format(runs=runs)
    best, worst = groups[0], groups[-1]
    parts = [_("**Clearly best: {names}.**").format(names=listed(best))]
    if len(groups) > 2:
        parts.append(_("In between: {names}.").format(
            names=_("; ").join(listed(group) for group in groups[1:-1])))
    parts.append(_("**Clearly worst: {names}.**").format(names=listed(worst)))
    parts.append(_("Every strategy of a group named above did clearly better than every one of "
                   "the groups named after it: more than luck alone explains over {runs} runs. "
                   "Strategies named together share a rank below: too close to put in order."
                   ).format(runs=runs))
    return sentences(parts)


def still_computing_verdict(shown_generations: int, generations: int) -> str:
    """What the verdict says while the strategies are still computing: no ranking yet."""
    return WAIT_ICON + " " + _(
        "**Still computing.** Every strategy has reached generation {shown} of {generations} "
        "so far. The ranking waits until all of them reach generation {generations}: early "
        "generations can order them differently.").format(
        shown=shown_generations, generations=generations)


def filter_page_query(model: str, values: dict, fraction: float) -> dict[str, str] | None:
    """The Filter page's link to this page's web and ideal detector (the same runs, so the same
    numbers), or None where the Filter page has no such model and human data."""
    family = FAMILIES.get(model)
    if family is None or dict(family.options) != {k: values.get(SOURCE_KEYS[k])
                                                  for k, _value in family.options}:
        return None
    share = str(round(fraction * 100))
    return {"m": model, "g": str(values["g"]), "n": str(values["n"]), "r": str(values["r"]),
            "seed": str(values["seed"]), "h": share, "he": share, "hd": "fresh",
            "sc": "replace", "t": "1", "f": "ideal", "fr": str(values["fr"]), "fp": "0"}


def filter_note(recall: float, learned: bool, same_on_filter_page: bool) -> str:
    """Which detector the filters here are, and how the Filter page's default differs."""
    parts = [_("**Which filter?** *Filter AI out: ideal detector* catches {recall} of the "
               "AI-made items and never throws out a human one. It screens the same web as "
               "the fresh human data strategy: compare it with that line too.").format(
        recall=f"{recall:.0%}")]
    if learned:
        parts.append(_("*Filter AI out: learned detector* is a classifier that must tell the "
                       "two apart, and can be wrong both ways."))
    parts.append(_("The Filter page opens on a harder case: a learned detector on a web that "
                   "fills with AI content, where it can do harm."))
    if same_on_filter_page:
        parts.append(_("The link below opens it with this page's web and the ideal detector: "
                       "the same runs, the same numbers."))
    return sentences(parts)


def verdict_intro(yardstick: Yardstick, generations: int) -> str:
    """What the verdicts rank by, and what the warning line is."""
    return ngettext("Ranked by the {words} after {g} generation, in the typical run (the median "
                    "of the runs). **The warning line** is the lab's alarm for collapse: it is "
                    "crossed when {event}.",
                    "Ranked by the {words} after {g} generations, in the typical run (the median "
                    "of the runs). **The warning line** is the lab's alarm for collapse: it is "
                    "crossed when {event}.",
                    generations).format(words=_(yardstick.words), g=generations,
                                     event=event(yardstick.measure.alarm))


def summary_table(table: pd.DataFrame, labels: dict[str, str], yardstick: Yardstick
                  ) -> pd.DataFrame:
    """The ranking as a small table for readers, every number in one format."""
    shown = number_format([*table["median"], *table["low"], *table["high"]],
                          yardstick.measure.percent)
    return pd.DataFrame({
        _("Rank"): table["rank"].to_numpy(),
        _("Strategy"): table["strategy"].map(labels).to_numpy(),
        _(yardstick.words).capitalize(): [shown(v) for v in table["median"]],
        _("80% of runs between"): [f"{shown(lo)} – {shown(hi)}"
                                   for lo, hi in zip(table["low"], table["high"], strict=True)],
        _("Lost (past the warning line at the end)"): [
            _("{lost} of {runs} runs").format(lost=lost, runs=runs)
            for lost, _dipped, runs in table["monitor"]],
        _("Dipped and came back"): [dipped for _lost, dipped, _runs in table["monitor"]],
    })


@derived
def chart_sentence(results: dict[str, Result], labels: dict[str, str], metric: str,
                   name: str, percent: bool) -> str:
    """The final typical value of every strategy on one chart, highest first."""
    medians = {k: float(np.median(final_values(r, metric))) for k, r in results.items()}
    shown = number_format(medians.values(), percent)
    generations = next(iter(results.values())).settings.generations
    listed = _("; ").join(f"{labels[k]} {shown(v)}"
                          for k, v in sorted(medians.items(), key=lambda kv: -kv[1]))
    return ngettext("**{name}** after {g} generation, typical run: {listed}.",
                    "**{name}** after {g} generations, typical run: {listed}.",
                    generations).format(
        name=name, g=generations, listed=listed)


def temperature_note(labels: dict[str, str]) -> str:
    """What a lower temperature does, in plain words ('' where no strategy lowers it)."""
    return _(TEMPERATURE_WORDS).format(label=labels["cold"]) if "cold" in labels else ""
