"""Compare strategies as a lesson uses it: no verdict on partial results, a default in which pure
self-training collapses, and filters that say which detector they are and agree with the Filter
page wherever the two show the same runs. Numbers are checked against the same runs computed
here with collapse_core."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from urllib.parse import parse_qsl

import numpy as np
import pytest
from conftest import (
    assert_no_exception,
    figures,
    markdown_texts,
    open_folds,
    open_view,
    page_text,
    trace,
    view_control,
    widget,
)

import ui.serving.first_answer
from collapse_core import Settings, build_experiment, simulate
from collapse_core.families.continuous.metrics import RARE_MODE_GONE, continuous_metrics
from collapse_core.families.continuous.sources import continuous_source
from collapse_core.strategies import (
    DEFAULT_RECALL,
    FILTER_STRATEGIES,
    STRATEGIES,
    all_about_the_same,
    rank,
)
from collapse_core.summary import band, by_generation
from ui.captions import share
from ui.compare_view import RANKING_FOLD
from ui.i18n import LANGUAGE_KEY
from ui.view_picker import VIEW_KEY

COMPARE, FILTER = "app_pages/compare.py", "app_pages/filter.py"
GUARD_S = 300  # a generous bound on background work that takes well under a minute
# Big enough that a first answer cannot hold every generation of every strategy.
PARTIAL = {"m": "mixture", "src": "three-modes", "g": 100, "n": 100, "r": 10, "seed": 0}
DEFAULT = {"m": "gaussian", "src": "bell", "g": 100, "n": 50, "r": 10}  # Compare's default
LOST = "Lost (past the warning line at the end)"
IDEAL = "Filter AI out: ideal detector (90% caught)"


@pytest.fixture
def first_answers(monkeypatch):
    """A server that answers at once with what it has (as when other readers are waiting)."""
    monkeypatch.setattr(ui.serving.first_answer, "ALONE_S", 0.0)


def verdicts(at) -> list[str]:
    """The ranked verdict sentences, in page order."""
    return [m for m in markdown_texts(at) if re.match(r"\*\*\d\. ", m)]


def verdict_of(at, label: str) -> str:
    return next(v for v in verdicts(at) if f". {label}** — " in v)


def direct(query: dict, strategy: str) -> np.ndarray:
    """The metrics of one strategy of a Compare setting, computed here: (generations, runs)."""
    base = Settings(generations=int(query["g"]), sample_size=int(query["n"]),
                    runs=int(query["r"]), seed=int(query.get("seed", 0)))
    found = next(s for s in (*STRATEGIES, *FILTER_STRATEGIES) if s.key == strategy)
    settings = found.settings(base, int(query.get("x", 10)) / 100, DEFAULT_RECALL)
    return simulate(build_experiment(query["m"], source=query["src"]), settings).metrics


def test_compare_gives_no_verdict_while_it_is_still_computing(app, first_answers):
    at = app(page=COMPARE, query=PARTIAL)
    assert_no_exception(at)
    text = page_text(at)
    wait = ui.serving.first_answer.WAIT_ICON
    assert f"{wait} **Still computing.** Every strategy has reached generation" in text
    assert not verdicts(at) and not at.table, "no ranking on partial results"
    assert "**The warning line**" not in text
    assert "typical run:" not in text, "the chart's sentence lists the strategies in order"
    deadline = time.monotonic() + GUARD_S
    while "Still computing" in page_text(at):  # what the page's poller does, until it is done
        assert time.monotonic() < deadline, "the comparison never finished"
        at.run()
    assert_no_exception(at)
    assert len(verdicts(at)) == 6 and not at.table, "the table is folded away, not drawn"
    open_folds(at, RANKING_FOLD)
    assert len(at.table) == 1
    assert "after 100 generations" in page_text(at)


def test_compare_says_it_is_still_computing_in_chinese_too(app, first_answers):
    at = app(page=COMPARE, query={**PARTIAL, LANGUAGE_KEY: "zh"})
    assert_no_exception(at)
    assert f"{ui.serving.first_answer.WAIT_ICON} **还在计算**" in page_text(at)
    assert not verdicts(at) and not at.table


def test_the_default_shows_the_collapse_that_the_remedies_prevent(app):
    at = app(page=COMPARE)
    assert_no_exception(at)
    assert not at.error and not at.warning
    open_folds(at, RANKING_FOLD)
    lost = dict(zip(at.table[0].value["Strategy"], at.table[0].value[LOST], strict=True))
    assert lost["Pure self-training"] == "10 of 10 runs"
    for remedy in ("Keep 10% original data", "10% fresh human data", "Accumulate all data",
                   IDEAL):
        assert lost[remedy] == "0 of 10 runs", remedy
        assert "better than pure self-training" in verdict_of(at, remedy)
    # The spread of the typical run without a remedy ends well below half of generation 0's.
    query = {"m": "gaussian", "src": "bell", "g": 100, "n": 50, "r": 10}
    spread = band(direct(query, "self"), "std")["median"]
    assert spread.iloc[-1] < 0.5 * spread.iloc[0]
    text = page_text(open_view(at, "Spread"))
    assert f"Pure self-training {spread.iloc[-1]:.2f}" in text  # as Bell rounds a spread


def test_an_old_link_with_every_key_keeps_its_numbers(app):
    # The old default, written out in full: a link shared before the default changed.
    query = {"m": "gaussian", "src": "bell", "g": 50, "n": 100, "r": 10, "x": 10, "seed": 0}
    at = app(page=COMPARE, query=query)
    assert_no_exception(at)
    distance = float(np.median(by_generation(direct(query, "self"), "wasserstein")[-1]))
    assert f"— distance from the human data {distance:.2f}: the baseline" in verdict_of(
        at, "Pure self-training")


def filter_link(at) -> dict[str, str]:
    """The query of Compare's link to the same web and detector on the Filter page."""
    links = [link for link in at.get("page_link") if link.proto.page == "filter"]
    assert len(links) == 1
    return dict(parse_qsl(links[0].proto.query_string))


def test_compare_and_the_filter_page_agree_on_the_same_runs(app):
    compare = app(page=COMPARE)
    assert_no_exception(compare)
    text = page_text(compare)
    assert "**Which filter?** *Filter AI out: ideal detector* catches 90%" in text
    query = filter_link(compare)
    assert query["f"] == "ideal" and query["h"] == query["he"] == "10"
    filtered = app(page=FILTER, query=query)
    assert_no_exception(filtered)
    assert not filtered.warning and not filtered.error
    # The Filter page's ratios are those of Compare's "ideal detector" and "10% fresh" runs.
    runs = {key: band(direct({"m": "gaussian", "src": "bell", "g": 100, "n": 50, "r": 10},
                             key), "std")["median"] for key in ("filter", "fresh")}
    with_, without = (float(runs[k].iloc[-1] / runs[k].iloc[0]) for k in ("filter", "fresh"))
    said = page_text(filtered)
    assert (f"is {share(with_)} of generation 0's with the ideal detector (90% caught) and "
            f"{share(without)} without any filter") in said
    assert "Compare strategies ranks this ideal detector" in said
    # Both pages draw the same conclusion from them: the ideal detector's lead over the same
    # web unfiltered is within run-to-run luck, by Compare's distance and by the Filter page's
    # spread, and each says so rather than calling it better.
    final = {key: by_generation(direct(DEFAULT, key), "wasserstein")[-1]
             for key in ("filter", "fresh")}
    assert all_about_the_same(rank(final, higher_is_better=False))
    assert "about the same as the same web unfiltered" in verdict_of(compare, IDEAL)
    drift = {key: np.abs(values[-1] / values[0] - 1) for key, values in (
        (k, by_generation(direct(DEFAULT, k), "std")) for k in ("filter", "fresh"))}
    assert all_about_the_same(rank(drift, higher_is_better=False))
    assert abs(abs(with_ - 1) - abs(without - 1)) >= 0.05, "not small: within luck"
    assert "(typical runs): the difference is less than luck changes from run to run." in said


def test_the_filter_page_default_names_its_learned_detector_and_why_it_differs(app):
    at = app(page=FILTER)
    assert_no_exception(at)
    text = page_text(at)
    assert "with the learned detector and" in text
    assert "Compare strategies ranks an ideal detector, which never throws out human data" in text
    if "let the model drift further" in text:  # then it says what it cost
        assert re.search(r"It threw out \d+% of the human items by mistake", text), text


def test_compare_names_the_learned_detector_and_compares_it_with_the_same_web(app):
    at = app(page=COMPARE, query={"g": 10, "n": 50, "r": 2, "lf": "1"})
    assert_no_exception(at)
    line = verdict_of(at, "Filter AI out: learned detector")
    assert "the same web unfiltered, *10% fresh human data*" in line
    assert "is a classifier that must tell the two apart" in page_text(at)


def test_the_filter_page_counts_runs_lost_apart_from_runs_that_dipped(app):
    query = {"m": "mixture", "g": "40", "n": "100", "r": "6", "seed": "2", "h": "10",
             "he": "10", "hd": "fresh", "f": "ideal", "fr": "90", "fp": "0"}
    at = open_view(app(page=FILTER, query=query), "Rare group")
    assert_no_exception(at)
    found = re.search(r"lost: (\d+) of 6 runs with the detector and (\d+) without\. Crossed it "
                      r"for a while, then came back: (\d+) with the detector and (\d+) without",
                      page_text(at))
    assert found, page_text(at)
    source = continuous_source("three-modes")
    line = RARE_MODE_GONE.factor * continuous_metrics(source.distribution,
                                                      source)["rare_mode_mass"]
    plain = Settings(generations=40, sample_size=100, runs=6, seed=2, human_fraction=0.1,
                     human_data="fresh")
    counts = []
    for settings in (replace(plain, filter="ideal", filter_recall=0.9), plain):
        metrics = simulate(build_experiment("mixture", source="three-modes"), settings).metrics
        below = metrics.pivot(index="generation", columns="run", values="rare_mode_mass") < line
        counts.append((int(below.iloc[-1].sum()), int((below.any() & ~below.iloc[-1]).sum())))
    (lost, dipped), (plain_lost, plain_dipped) = counts
    assert tuple(int(g) for g in found.groups()) == (lost, plain_lost, dipped, plain_dipped)


RANKED = ("self", "keep", "fresh", "accumulate", "cold", "filter")


def test_the_verdict_shares_ranks_within_noise_and_names_only_clear_winners(app):
    at = app(page=COMPARE)
    assert_no_exception(at)
    # The same ranking computed here from the same runs' final distances.
    table = rank({key: by_generation(direct(DEFAULT, key), "wasserstein")[-1]
                  for key in RANKED}, higher_is_better=False)
    labels = dict(zip(RANKED, ("Pure self-training", "Keep 10% original data",
                               "10% fresh human data", "Accumulate all data",
                               "Lower temperature (0.8)", IDEAL), strict=True))
    for row in table.itertuples():
        assert verdict_of(at, labels[row.strategy]).startswith(f"**{row.rank}. ")
    assert table["rank"].nunique() < len(table), "the default has strategies within noise"
    best = [labels[k] for k in table.loc[table["rank"] == 1, "strategy"]]
    headline = next(m for m in markdown_texts(at) if m.startswith("**Clearly best: "))
    assert all(name in headline.split("**Clearly worst")[0] for name in best)
    assert "Pure self-training" in headline.split("**Clearly worst")[1]


def test_after_one_generation_the_verdict_says_they_are_all_about_the_same(app):
    at = app(page=COMPARE, query={"g": 1})
    assert_no_exception(at)
    assert "**All about the same.** Over 10 runs" in page_text(at)
    assert {v.split(".")[0] for v in verdicts(at)} == {"**1"}
    assert "better than pure self-training" not in page_text(at)


@pytest.mark.parametrize(("lang", "said"), [("en", "**One run cannot rank them.**"),
                                            ("zh", "**一次运行排不出名次**。")])
def test_with_one_run_the_verdict_says_more_runs_are_needed(app, lang, said):
    at = app(page=COMPARE, query={"r": 1, LANGUAGE_KEY: lang})
    assert_no_exception(at)
    assert said in page_text(at)
    assert sorted(int(re.match(r"\*\*(\d)\.", v).group(1)) for v in verdicts(at)) == [
        1, 2, 3, 4, 5, 6], "one place each, under the caveat"


RARE = {"m": "mixture", "src": "three-modes", "g": 40, "n": 50, "r": 6, "seed": 1}
RARE_LABELS = {"self": "Pure self-training", "keep": "Keep 10% original data",
               "fresh": "10% fresh human data", "accumulate": "Accumulate all data",
               "cold": "Lower temperature (0.8)", "filter": IDEAL}
RARE_LEGEND = {"self": "Self-training", "keep": "Keep 10%", "fresh": "10% fresh",
               "accumulate": "Accumulate", "cold": "Temp. 0.8", "filter": "Ideal filter"}


def test_the_rare_group_view_says_which_strategies_keep_it_and_which_lose_it(app):
    at = open_view(app(page=COMPARE, query=RARE), "Rare group")
    assert_no_exception(at)
    chart = figures(at)[0]
    source = continuous_source("three-modes")
    human = continuous_metrics(source.distribution, source)["rare_mode_mass"]
    # Each strategy's typical run, and the human data's share and the 'gone' line under it.
    for key, name in RARE_LEGEND.items():
        median = band(direct(RARE, key), "rare_mode_mass")["median"].to_numpy()
        np.testing.assert_allclose(trace(chart, name)["y"], median)
    gone = RARE_MODE_GONE.factor * human
    for name, y in (("Human data", human), (f"All but gone ({gone:.1%})", gone)):
        np.testing.assert_allclose(trace(chart, name)["y"], y)
    # The 'gone' line stands clear of the axis under it, its share named in the legend (not
    # written on the plot, where a falling line would cross it).
    assert chart["layout"]["yaxis"]["range"][0] < 0
    assert not chart["layout"].get("annotations")
    # "Lost": under a tenth of the human share at the last generation, run by run.
    lost = {key: int((by_generation(direct(RARE, key), "rare_mode_mass")[-1]
                      < RARE_MODE_GONE.factor * human).sum()) for key in RARE_LABELS}
    assert any(lost.values()) and not all(lost.values()), "both kinds, so the test can tell"
    sentence = next(m for m in markdown_texts(at) if m.startswith("**The rare group** holds"))
    kept = [RARE_LABELS[k] for k, n in lost.items() if n == 0]
    assert f"Kept the rare group in every run: {'; '.join(kept)}." in sentence
    clauses = re.split(r"(?=Kept the rare group|Lost the rare group|It took over)", sentence)
    for key, n in lost.items():
        if n:
            part = ("Lost the rare group in most runs:" if 2 * n > 6 else
                    "Lost the rare group in some runs:")
            clause = next(c for c in clauses if c.startswith(part))
            assert f"{RARE_LABELS[key]}, {n} of 6 runs" in clause


def test_the_rare_group_view_speaks_chinese_and_only_where_there_is_a_rare_group(app):
    # Opened by the link (AppTest reruns a Chinese page's menus with English labels).
    at = app(page=COMPARE, query={**RARE, VIEW_KEY: "Rare group", LANGUAGE_KEY: "zh"})
    assert_no_exception(at)
    assert any(m.startswith("**稀有群体**") for m in markdown_texts(at))
    assert "Rare group" not in page_text(at) and "rare group" not in page_text(at)
    at = app(page=COMPARE)  # one bell curve: no rare group to show
    assert "Rare group" not in view_control(at).options


def test_the_verdicts_headline_speaks_chinese(app):
    at = app(page=COMPARE, query={LANGUAGE_KEY: "zh"})
    assert_no_exception(at)
    text = page_text(at)
    assert "**明显最好：" in text and "**明显最差：" in text and "Clearly" not in text


def test_compare_rounds_its_numbers_as_the_other_pages_do():
    from ui.compare_view import number_format

    spread = number_format([0.0002, 1.007, 0.0], percent=False)  # two decimals, as on Bell
    assert [spread(v) for v in (0.0002, 1.007, 0.0, 0.006)] == ["<0.01", "1.01", "0.00", "0.01"]
    words = number_format([523.4, 12.0], percent=False)  # whole words, as on Text
    assert [words(v) for v in (523.4, 12.0, 1234.5)] == ["523", "12", "1,234"]
    shares = number_format([0.004, 0.23], percent=True)
    assert [shares(v) for v in (0.004, 0.23, -0.003, -0.05)] == ["<1%", "23%", "0%", "-5%"]


def test_compare_says_what_a_lower_temperature_does_under_its_chart(app):
    at = app(page=COMPARE, query=DEFAULT)
    assert_no_exception(at)
    sentence = next(m for m in markdown_texts(at) if m.startswith("**Spread** after"))
    assert not re.search(r"\d\.\d{3}", sentence), sentence  # no false precision
    # At temperature 0.8 the spread shrinks about 0.8-fold a generation: after 100, a sliver.
    assert "Lower temperature (0.8) <0.01" in sentence, sentence
    assert ("*Lower temperature (0.8)*: at a lower temperature the model plays it safe"
            in sentence)
    at = app(page=COMPARE, query={**DEFAULT, LANGUAGE_KEY: "zh"})
    assert any("温度较低时，模型会求稳" in m for m in markdown_texts(at))


def test_the_rare_groups_axis_fits_the_strategies_unless_a_group_took_over():
    import pandas as pd

    from ui.compare_rare import share_axis

    def bands(*highs):
        return {i: pd.DataFrame({"high": [high]}) for i, high in enumerate(highs)}

    human = 0.10
    low, top = share_axis(bands(0.04, 0.12), human)["range"]
    assert 0.12 < top < 0.25 and low < 0 and -low < 0.06 * top + 1e-12, "fitted, the axis below 0"
    assert share_axis(bands(0.01), human)["range"][1] == pytest.approx(2 * human), "human shown"
    assert share_axis(bands(0.05, 1.0), human)["range"][1] == pytest.approx(1.02), "took over"


def test_strategies_sharing_a_rank_are_never_called_better_than_each_other():
    import pandas as pd

    from collapse_core.strategies import about_the_same, rank
    from ui.compare_view import YARDSTICKS, number_format, verdict, verdict_headline

    # Three strategies in a chain: the filter is within luck of 'keep', 'keep' within luck of
    # 'fresh' (the same web unfiltered), the filter and 'fresh' apart: one group, one rank.
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(10)
    table = rank({"filter": 0.30 + 0.05 * noise, "keep": 0.34 + 0.05 * noise,
                  "fresh": 0.38 + 0.05 * noise, "self": 1.00 + 0.05 * noise},
                 higher_is_better=False)  # the yardstick below: distance, lower is better
    rows = {row["strategy"]: row for row in table.to_dict("records")}
    assert rows["filter"]["rank"] == rows["fresh"]["rank"] == 1
    assert not about_the_same(rows["filter"]["median"], rows["filter"]["se"],
                              rows["fresh"]["median"], rows["fresh"]["se"], 10)
    table["monitor"] = [(0, 0, 10)] * len(table)
    labels = {"filter": "Filter", "keep": "Keep", "fresh": "Fresh", "self": "Self"}
    shown = number_format(table["median"], percent=False)
    line = verdict({**rows["filter"], "monitor": (0, 0, 10)}, table, YARDSTICKS["gaussian"],
                   labels, shown)
    assert "better than the same web unfiltered" not in line
    assert "sharing its rank with the same web unfiltered, *Fresh*" in line
    assert "better than pure self-training" in line  # a rank apart: the claim holds
    headline = verdict_headline(pd.DataFrame(table), labels)
    assert "Every strategy of a group named above did clearly better" in headline


def test_a_bad_link_value_is_still_reported_while_the_page_fills_in(app, first_answers):
    # A page that is still computing redraws itself at once (ui.link.rerun_page): the notice
    # about the link's unusable value stays through those redraws, and goes once the reader
    # moves something.
    at = app(page=COMPARE, query={**PARTIAL, "n": "1e999"})
    assert_no_exception(at)
    notice = "the link said “1e999”, which is not a valid value"
    assert [w.value for w in at.warning if notice in w.value]
    at.session_state["_link_from_fragment"] = True  # as ui.link.rerun_page leaves it
    at.run()
    assert_no_exception(at)
    assert [w.value for w in at.warning if notice in w.value], "gone in the page's own redraw"
    widget(at, "g").set_value(50).run()
    assert_no_exception(at)
    assert not [w.value for w in at.warning if notice in w.value]
