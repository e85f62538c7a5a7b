"""Compare strategies: the same experiment under every remedy at once, ranked."""

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from collapse_core import Settings
from collapse_core.strategies import STRATEGIES
from collapse_core.summary import band
from ui import link
from ui.charts import show
from ui.compare_view import (
    CHARTS,
    STRATEGY_WORDS,
    YARDSTICKS,
    chart_sentence,
    number_format,
    strategy_chart,
    strategy_label,
    summary_table,
    verdict,
    verdict_intro,
)
from ui.compute import compare_or_explain
from ui.i18n import N_, _
from ui.knobs import Knob
from ui.model_knobs import CORPUS, SOURCE
from ui.page_header import page_header
from ui.recursion_controls import GENERATIONS, RUNS, SAMPLE_SIZE, SEED
from ui.views import show_views

MODEL = Knob("m", N_("Model"), N_("Which kind of model retrains on its own output."),
             "gaussian", widget="selectbox", options=("gaussian", "mixture", "kde", "markov"),
             labels=(N_("One bell curve"), N_("Mixture of bell curves"), N_("Smoothing (KDE)"),
                     N_("Text (Markov chain)")))
SHARE = Knob("x", N_("Human data share (for 'keep' and 'fresh')"), N_("How much human data the "
             "'keep original' and 'fresh' strategies mix into every training set."), 10,
             low=5, high=50, step=5, format="%d%%")
KNOBS = [MODEL, SOURCE, CORPUS, replace(GENERATIONS, default=50),
         replace(SAMPLE_SIZE, default=100), replace(RUNS, default=10), SHARE, SEED]

page_header(
    N_("Compare strategies"),
    N_("Which remedy keeps a model grounded? Here one experiment runs five ways at once: pure "
       "self-training, keeping some original human data, adding fresh human data, keeping all "
       "old data, and sampling at a lower temperature. Collapse is a matter of luck, so each "
       "strategy runs many times: lines show the typical run, shaded bands the middle 80%."),
    present=False,
)
bad = link.start(KNOBS)
with st.sidebar:
    st.markdown(_("### Setup"))
    values = {"m": MODEL.render()}
    values["src" if values["m"] != "markov" else "c"] = (
        SOURCE if values["m"] != "markov" else CORPUS).render()
    for knob in KNOBS[3:-1]:
        values[knob.key] = knob.render()
    with st.expander(_("Seed")):
        values["seed"] = int(SEED.render())
link.report([k for k in KNOBS if k.key in values], bad, values)
link.write(KNOBS, {k.key: values.get(k.key, k.default) for k in KNOBS})

model, fraction = values["m"], values["x"] / 100
options = {"corpus": values["c"]} if model == "markov" else {"source": values["src"]}
base = Settings(generations=values["g"], sample_size=values["n"], runs=values["r"],
                seed=values["seed"])
labels = {s.key: strategy_label(s.key, fraction) for s in STRATEGIES}
compared = compare_or_explain(model, options, base, fraction)
if compared is None:
    st.stop()
results, table = compared
shown_g = next(iter(results.values())).settings.generations  # fewer while the rest computes
yardstick = YARDSTICKS[model]
baseline = table.set_index("strategy").loc["self"]
shown = number_format([*table["median"], *table["low"], *table["high"]], yardstick.percent)
st.subheader(_("The verdict"))
st.markdown(verdict_intro(yardstick, shown_g))
for _index, row in table.iterrows():
    st.markdown(verdict(row, baseline, yardstick, labels, shown))
# A static table: five rows need no scrolling or sorting, and it is light to redraw.
st.table(summary_table(table, labels, yardstick), hide_index=True,
         alt=_("The five strategies ranked, with their numbers after the last generation."))
with st.expander(_("What each strategy stands for")):
    st.markdown("\n".join(_("- **{label}**: {advice} *({reference})*").format(
        label=labels[key], advice=_(advice), reference=reference)
        for key, (_name, advice, reference) in STRATEGY_WORDS.items()))

st.subheader(_("Generation by generation"))


def comparison_chart(results: dict, runs: int, labels: dict, metric: str, title: str,
                     percent: bool) -> dict:
    """strategy_chart of one metric."""
    bands = {key: band(result.metrics, metric) for key, result in results.items()}
    return strategy_chart(bands, runs, labels, title, percent)


def chart(metric: str, name: str, title: str, percent: bool) -> Callable[[], None]:
    """The view of one metric: every strategy's line, then the sentence reading them."""
    def draw() -> None:
        # Cached by the settings: hashing the results themselves would cost more than the chart.
        show(comparison_chart, results, base.runs, labels, metric, _(title), percent,
             key=(model, tuple(sorted(options.items())), base, fraction, shown_g, metric),
             alt=_("Line chart of the {title} over generations for each of the five "
                   "strategies.").format(title=_(title)))
        st.markdown(chart_sentence(results, labels, metric, _(name), percent))
    return draw


show_views({name: chart(metric, name, title, percent) for metric, name, title, percent
            in CHARTS["markov" if model == "markov" else "continuous"]})


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
