"""AppTest of the hiring page ("Who gets left out?"): defaults, the plain sentence, presets
(the remedies), the link, bad links, and both languages.

The numbers are tested in tests/test_hiring.py; here we check that the page wires each control
through to what the reader sees. Every run is seeded (seed 0).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import (
    assert_no_exception,
    figures,
    markdown_texts,
    open_view,
    page_text,
    trace,
)

from collapse_core import Settings, simulate
from collapse_core.families.hiring.card import HIRING
from collapse_core.families.hiring.population import Applicants
from collapse_core.summary import by_generation

PAGE = "app_pages/hiring.py"
VIEWS = ("Who is hired", "Gap between groups", "Accuracy", "Who applies")


def _result(generations=20, runs=10, **options):
    """The engine's result for these settings (the page's defaults otherwise)."""
    return simulate(HIRING.experiment(**options), Settings(generations=generations,
                                                           sample_size=1000, runs=runs))


def _expected(generations=20, runs=10, at=None, **options):
    """The engine's medians at generation `at` (the last by default) for these settings."""
    m = _result(generations, runs, **options).metrics
    return m[m.generation == (generations if at is None else at)].median()


def _percent(x: float) -> str:
    return f"{x:.0%}"


def test_defaults_say_what_the_model_does_to_each_group(app):
    at = app(page=PAGE)
    assert_no_exception(at)
    text = page_text(at)
    end = _expected()
    small, people_small = _percent(end.yes_rate_minority), _percent(end.people_rate_minority)
    large, people_large = _percent(end.yes_rate_majority), _percent(end.people_rate_majority)
    assert (f"After 20 generations the model hires {small} of the smaller group (people: "
            f"{people_small}) and {large} of the larger (people: {people_large}).") in text
    # The monitor: half the people's rate for the smaller group is the warning line.
    assert "still had a hiring rate for the smaller group under half the people's" in text
    rule, rates = figures(at)[:2]  # the player's rule first, then the rates over generations
    assert trace(rule, "Model, gen 20: both groups (one rule)")  # blind to the group
    smaller = np.asarray(trace(rates, "Model: smaller group")["y"])
    assert smaller.size == 21 and smaller[-1] < smaller[0]  # the smaller group loses


def test_the_rates_are_said_once_and_generation_0_explained(app):
    text = page_text(app(page=PAGE))
    assert text.count("After 20 generations the model hires") == 1
    start = _expected(at=0)
    assert (f"Even generation 0, which learned from people's own decisions, hires only "
            f"{_percent(start.yes_rate_minority)} of the smaller group") in text
    assert start.yes_rate_minority < start.people_rate_minority
    at_start = page_text(app(page=PAGE, query={"at": 0}))
    assert "yet already hires fewer than they do, the smaller group most of all" in at_start
    # Sampled (calibrated) decisions start where people are: nothing to explain.
    sampled = page_text(app(page=PAGE, query={"lab": "sample", "g": 3}))
    assert "people's own decisions" not in sampled


def people_said(text: str) -> set[tuple[str, str]]:
    """Every (smaller, larger) people's rate a hiring sentence states."""
    return set(re.findall(r"smaller group \(people: (\d+%)\) and \d+% of the larger "
                          r"\(people: (\d+%)\)", text))


@pytest.mark.parametrize("query", [{}, {"hb": 1.0, "sg": 1}, {"lv": 1}])
def test_every_screen_gives_the_people_one_rate(app, query):
    # The people's rate is the people's rule over every applicant who might apply: the same
    # at generation 0 and at the last, in the player, under the rates chart, on the chart's
    # dotted lines and in the gap's ratio (it moved 21% -> 22% when each screen measured it
    # on its own generation's applicants).
    options = {"bias": float(query.get("hb", 0.0))}
    exact = Applicants(**options).people_rates()
    expected = (f"{exact[1]:.0%}", f"{exact[0]:.0%}")
    start = app(page=PAGE, query={**query, "at": 0})
    end = app(page=PAGE, query=query)
    for at in (start, end):
        assert_no_exception(at)
        assert people_said(page_text(at)) == {expected}
    rates = figures(end)[1]
    for group, rate in (("smaller", exact[1]), ("larger", exact[0])):
        np.testing.assert_allclose(trace(rates, f"People: {group} group")["y"], rate)
    gap = page_text(open_view(end, "Gap between groups"))
    assert f"people hire {100 * exact[1] / exact[0]:.0f} of the smaller group" in gap


APPLICANTS = ["Applicants: larger group (80%)", "Applicants: smaller group (20%)"]


def test_coinciding_rules_are_one_line_named_for_both_groups(app):
    blind = figures(app(page=PAGE, query={"g": 3}))[0]
    names = [t.get("name") for t in blind["data"] if t.get("name")]
    assert names == [*APPLICANTS, "People: both groups (one rule)",
                     "Model, gen 3: both groups (one rule)"]
    # A biased past, a model that sees the group: two rules each, one line per group.
    biased = figures(app(page=PAGE, query={"g": 3, "hb": 1.0, "sg": 1}))[0]
    names = [t.get("name") for t in biased["data"] if t.get("name")]
    assert names == [*APPLICANTS, "People: larger group", "People: smaller group",
                     "Model, gen 3: larger group", "Model, gen 3: smaller group"]


@pytest.mark.parametrize("percent", [20, 50])
def test_each_group_is_shaded_as_big_as_its_share_of_the_applicants(app, percent):
    rule = figures(app(page=PAGE, query={"g": 3, "ms": percent}))[0]
    share = percent / 100
    larger = np.asarray(trace(rule, f"Applicants: larger group ({100 - percent}%)")["y"])
    smaller = np.asarray(trace(rule, f"Applicants: smaller group ({percent}%)")["y"])
    # Both groups' scores have the same spread, so their hills' peaks are as their shares.
    assert larger.max() == pytest.approx(1.0)
    assert smaller.max() / larger.max() == pytest.approx(share / (1 - share), rel=1e-3)
    assert rule["layout"]["xaxis"]["title"]["text"] == "score"  # short enough for a phone
    # How many apply is not a chance of being hired: the hills have an axis of their own.
    axes = {t["name"]: t.get("yaxis") for t in rule["data"] if t.get("name")}
    assert {axis for name, axis in axes.items() if name.startswith("Applicants")} == {"y2"}
    assert {axis for name, axis in axes.items() if not name.startswith("Applicants")} == {None}
    assert rule["layout"]["yaxis2"]["title"]["text"] == "applicants"
    assert rule["layout"]["yaxis2"]["overlaying"] == "y"


def test_a_shrinking_group_is_shaded_smaller(app):
    # People leave: the smaller group's share falls, and the player's shading and its name
    # with it (to the run shown's share at generation 20, one of the runs' shares).
    rule = figures(app(page=PAGE, query={"lv": 1}))[0]
    smaller = trace(rule, "Applicants: smaller group")
    ratio = np.max(smaller["y"]) / np.max(trace(rule, "Applicants: larger group")["y"])
    share = ratio / (1 + ratio)
    assert smaller["name"] == f"Applicants: smaller group ({share:.0%})"
    runs = by_generation(_result(leave=True).metrics, "minority_share")[20]
    assert runs.min() - 1e-9 <= share <= runs.max() + 1e-9 and runs.max() < 0.2


def test_every_view_draws_without_error(app):
    at = app(page=PAGE, query={"g": 5, "r": 2})
    for view in VIEWS[1:]:
        at = open_view(at, view)
        assert_no_exception(at)
        assert figures(at)
        # The sentence at the top speaks of the chart shown, not of the player it lacks.
        assert "press **Play**" not in page_text(at), view


@pytest.mark.parametrize("query,words", [
    ({"lab": "sample", "g": 5}, "martingale"),
    ({"lab": "sample", "h": 20, "hd": "fresh", "g": 5}, "Taori & Hashimoto"),
    ({"lv": 1, "g": 5, "v": "Who applies"}, "applies less"),
])
def test_a_link_opens_a_remedy_with_its_theory(app, query, words):
    at = app(page=PAGE, query=query)
    assert_no_exception(at)
    assert words in page_text(at)


def test_sampled_decisions_reach_the_sentence(app):
    at = app(page=PAGE, query={"lab": "sample"})
    end = _expected(labels="sample")
    small = _percent(end.yes_rate_minority)
    assert f"model hires {small} of the smaller group" in page_text(at)


@pytest.mark.parametrize("query", [{"ms": "70"}, {"ms": "nan"}, {"lab": "最大"}, {"hb": "1e9"},
                                   {"lv": "yes"}])
def test_bad_links_are_explained_not_raised(app, query):
    at = app(page=PAGE, query={**query, "g": 3})
    assert_no_exception(at)


def test_argmax_ignores_the_temperature_and_says_so(app):
    at = app(page=PAGE, query={"t": 0.8, "g": 3})
    assert_no_exception(at)
    assert "has no effect" in page_text(at)


def test_the_page_speaks_chinese(app):
    at = app(page=PAGE, query={"lang": "zh", "g": 5})
    assert_no_exception(at)
    text = page_text(at)
    assert "谁被落下了" in text and "较小群体" in text
    assert "smaller group" not in text


# --- the remedies on Compare -------------------------------------------------------------------

COMPARE = "app_pages/compare.py"
HIRING_COMPARE = {"m": "hiring", "g": 20, "n": 1000, "r": 10}
HIRING_LABELS = {"The model decides alone", "Keep 10% of people's first decisions",
                 "10% fresh decisions by people", "Accumulate all decisions", "Sample decisions",
                 "Rebalance each training set"}


def _ranked(at) -> dict[str, int]:
    """Each strategy's rank, from the verdicts."""
    return {m.group(2): int(m.group(1)) for m in
            (re.match(r"\*\*(\d)\. (.+?)\*\* — ", t) for t in markdown_texts(at)) if m}


def test_compare_ranks_the_hiring_remedies_by_the_distance_from_peoples_rate(app):
    at = app(page=COMPARE, query=HIRING_COMPARE)
    assert_no_exception(at)
    assert not at.error and not at.warning
    rank = _ranked(at)
    assert set(rank) == HIRING_LABELS
    text = page_text(at)
    assert "distance of the smaller group's hiring rate from people's" in text
    assert "This model's own page uses a sample of" not in text  # 1,000, as the page's
    verdicts = [t for t in markdown_texts(at) if re.match(r"\*\*\d\. ", t)]
    assert any("better than the model deciding alone" in v for v in verdicts)
    assert not any("pure self-training" in v for v in verdicts)
    assert not [w for w in at.toggle if w.key == "lf"], "no filter against AI content here"
    # The legend names each strategy short (two share a line on a phone).
    assert {t.get("name") for t in figures(at)[0]["data"]} - {None} == {
        "Model alone", "Keep 10%", "10% fresh", "Accumulate", "Sample", "Rebalance"}
    # With 1,000 applicants and 10 runs the medians stand apart (the bands of the middle 80%
    # of runs do not overlap at this seed): sampled decisions stay near people's rate, argmax
    # drifts down, and rebalancing overshoots it.
    assert rank["Sample decisions"] == 1
    assert rank["The model decides alone"] < rank["Rebalance each training set"]


def test_compare_speaks_chinese_for_hiring(app):
    at = app(page=COMPARE, query={**HIRING_COMPARE, "g": 5, "n": 100, "r": 2, "lang": "zh"})
    assert_no_exception(at)
    text = page_text(at)
    assert "按概率抽样决定" in text and "重新平衡每份训练集" in text
    assert "这个模型自己的页面使用 1,000 的样本量" in text  # Compare's sample of 100 is small
    assert "Sample decisions" not in text
