"""Compare strategies: the same experiment under every remedy at once, ranked."""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from collapse_core.families import card_of
from collapse_core.families.continuous.sources import RARE_GROUP_SOURCES
from collapse_core.summary import band
from ui import link
from ui.charts import show
from ui.compare_knobs import (
    DATA_KNOBS,
    KNOBS,
    LEARNED,
    MODEL,
    RECALL,
    SEED,
    base_settings,
    strategy_plans,
)
from ui.compare_rare import (
    EXTRA_ROW,
    RARE_VIEW,
    human_rare_share,
    rare_chart,
    rare_sentence,
)
from ui.compare_view import (
    CHARTS,
    MEANING_FOLD,
    RANKING_FOLD,
    YARDSTICKS,
    chart_sentence,
    filter_note,
    filter_page_query,
    number_format,
    still_computing_verdict,
    strategy_advice,
    strategy_chart,
    strategy_label,
    strategy_short,
    strategy_words,
    summary_table,
    temperature_note,
    verdict_headline,
    verdict_intro,
    verdict_lines,
)
from ui.i18n import N_, _, sentences
from ui.page_header import page_header, page_story
from ui.page_parts import lazy_fold
from ui.serving.compute import compare_or_explain
from ui.view_picker import show_views

CHART_PRESENT_HEIGHT = 380

page_header(
    N_("Compare strategies"),
    N_("The same experiment under every remedy at once, run many times: which line stays "
       "up?"),
    presets=False,  # its settings stay under the chart, in present mode too
)
chart_box = st.container()  # first on the page; the settings go under it
bad = link.start(KNOBS)
with st.container():
    st.markdown(_("#### Settings"))
    values = {"m": MODEL.render()}
    card = card_of(values["m"])
    # The human data's knob, for the models that take one (a corpus or a source).
    for name in card.defaults().keys() & DATA_KNOBS.keys():
        values[DATA_KNOBS[name].key] = DATA_KNOBS[name].render()
    for knob in KNOBS[3:7]:
        values[knob.key] = knob.render()
    if not card.strategies:  # a family's own strategies have no filter against AI content
        st.markdown(_("**Filter AI content**"))
        for knob in (RECALL, LEARNED):
            values[knob.key] = knob.render()
    with st.expander(_("Seed")):
        values["seed"] = int(SEED.render())
link.report([k for k in KNOBS if k.key in values], bad, values)
link.write(KNOBS, {k.key: values.get(k.key, k.default) for k in KNOBS})

model, fraction = values["m"], values["x"] / 100
recall = values.get("fr", RECALL.default) / 100
base = base_settings(values)
plans = strategy_plans(values)
labels = {key: strategy_label(key, fraction, recall, model) for key in plans}
legend = {key: strategy_short(key, fraction, recall, model) for key in plans}
with chart_box:
    compared = compare_or_explain(model, plans)
if compared is None:
    st.stop()
results, table = compared
shown_g = next(iter(results.values())).settings.generations  # fewer while the rest computes
complete = shown_g >= base.generations  # no verdict on partial results
# What the charts are cached by: hashing the results themselves would cost more than a chart.
computed = (model, tuple((k, tuple(sorted(o.items())), s) for k, (o, s) in plans.items()),
            shown_g)
yardstick = YARDSTICKS[model]
shown = number_format([*table["median"], *table["low"], *table["high"]], yardstick.measure.percent)
def verdicts() -> None:
    """The strategies ranked, each with a sentence; the table and the strategies' meaning
    folded away."""
    st.subheader(_("The verdict"))
    if not complete:
        st.markdown(still_computing_verdict(shown_g, base.generations))
    else:
        st.markdown(verdict_headline(table, labels))
        st.markdown(verdict_intro(yardstick, shown_g))
        if card.strategies and base.sample_size < card.sample_size:  # hiring: a few people
            st.caption(_("This model's own page uses a sample of {n}: with a smaller one the "
                         "smaller group is only a handful of people, and chance decides more of "
                         "what you see.").format(n=f"{card.sample_size:,}"))
        for line in verdict_lines(table, yardstick, labels, shown, model):
            st.markdown(line)
        # The verdicts say it in words; the table, folded away (a phone has no room for its
        # columns), is static: a few rows need no scrolling or sorting, and it is light to
        # redraw.
        ranking = lazy_fold(_("The ranking as a table"), RANKING_FOLD)
        if ranking.open:
            ranking.table(summary_table(table, labels, yardstick), hide_index=True,
                          alt=_("The strategies ranked, with their numbers after the last "
                                "generation."))
    if not card.strategies:  # a family's own strategies filter nothing
        same = filter_page_query(model, values, fraction)
        st.markdown(filter_note(recall, values["lf"], same is not None))
        if same is not None:
            st.page_link("app_pages/filter.py", query_params=same,
                         icon=":material/filter_alt:",
                         label=_("The same web and ideal detector on the Filter page"))
    meaning = lazy_fold(_("What each strategy stands for"), MEANING_FOLD)
    if meaning.open:
        meaning.markdown("\n".join(_("- **{label}**: {advice} *({reference})*").format(
            label=labels[key], advice=strategy_advice(key, fraction, recall, model),
            reference=strategy_words(key, model)[2]) for key in plans))


def comparison_chart(results: dict, runs: int, labels: dict, metric: str, title: str,
                     percent: bool) -> dict:
    """strategy_chart of one metric."""
    bands = {key: band(result.metrics, metric) for key, result in results.items()}
    return strategy_chart(bands, runs, labels, title, percent)


def chart(metric: str, name: str, title: str, percent: bool) -> Callable[[], None]:
    """The view of one metric: every strategy's line, then the sentence reading them."""
    def draw() -> None:
        show(comparison_chart, results, base.runs, legend, metric, _(title), percent,
             key=(*computed, metric),
             present_height=CHART_PRESENT_HEIGHT,
             alt=_("Line chart of the {title} over generations for each of the {n} "
                   "strategies.").format(title=_(title), n=len(plans)))
        said = [chart_sentence(results, labels, metric, _(name), percent)] if complete else []
        under_chart(said)  # its values in order are a ranking too
    return draw


def under_chart(said: list[str]) -> None:
    """The sentences under a chart, then what a lower temperature does if its legend names
    it."""
    text = sentences([part for part in (*said, temperature_note(labels)) if part])
    if text:
        st.markdown(text)


def rare_group() -> None:
    """Every strategy's share of the human data's rare group, then who kept it and who lost
    it."""
    human = human_rare_share(values["src"])
    show(rare_chart, results, base.runs, legend, human, key=(*computed, "rare"),
         present_height=CHART_PRESENT_HEIGHT + EXTRA_ROW,
         alt=_("Line chart of the rare group's share of the model over generations for each "
               "of the {n} strategies, with the human data's share and the warning line.").format(
             n=len(plans)))
    under_chart([rare_sentence(results, labels, human)] if complete else [])


def generation_by_generation() -> None:
    """One metric at a time, every strategy's line; the rare group's share second where the
    human data has one."""
    views = {name: chart(metric, name, title, percent) for metric, name, title, percent
             in CHARTS[model]}
    if values.get("src") in RARE_GROUP_SOURCES:
        first, *rest = views.items()
        views = dict([first, (RARE_VIEW[0], rare_group), *rest])
    show_views(views)


# The chart comes first: the class sees the lines part, then reads the ranking.
with chart_box:
    generation_by_generation()
verdicts()


def all_metrics_csv() -> str:
    """Every strategy's metrics in one table (made only when the reader downloads it)."""
    table = pd.concat([r.metrics.assign(strategy=k) for k, r in results.items()])
    return table.to_csv(index=False)


st.download_button(_("Download the numbers (CSV)"), all_metrics_csv,
                   file_name="ai-entropy-lab-strategies.csv", mime="text/csv",
                   icon=":material/download:",
                   help=_("The columns keep their English names (run, generation, strategy, "
                          "…): scripts depend on them."))
st.caption(_("Seed {seed}. Copy this page's address to share exactly this comparison.").format(
    seed=base.seed))
page_story(N_("Which remedy keeps a model grounded? Here one experiment runs several ways at "
              "once: pure self-training, keeping some original human data, adding fresh human "
              "data, keeping all old data, sampling at a lower temperature, and filtering "
              "AI-made content out of the training data. Collapse is a matter of luck, so each "
              "strategy runs many times: lines show the typical run, shaded bands the middle "
              "80%."))
