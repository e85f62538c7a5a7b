"""AppTest of "Can we filter it out?": defaults, every view with its chart and sentence, the three
detectors, every model, a filter that cannot run, and the odds over runs.

The sentences' numbers are recomputed from collapse_core for the same seeded settings.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import (
    assert_no_exception,
    figures,
    open_view,
    page_text,
    tab_labels,
    trace,
    widget,
)

from collapse_core import Settings, build_experiment, simulate
from collapse_core.summary import by_generation

FILTER = "app_pages/filter.py"
VIEWS = ["Can it tell?", "What got through", "Human data thrown away", "Spread"]
DEFAULTS = {"m": "gaussian", "f": "learned", "g": 50, "n": 100, "r": 5, "h": 95, "he": 50,
            "hk": 30, "hd": "fresh", "fr": 90, "fp": 0, "seed": 0}
SMALL = {"g": 12, "n": 100, "r": 3}  # quick, yet past the ramp's first steps


def values(at, keys=tuple(DEFAULTS)) -> dict:
    return {key: widget(at, key).value for key in keys}


@pytest.fixture
def filter_page(app):
    return lambda **query: app(page=FILTER, query=query)


def engine(model: str, options: dict, **settings) -> np.ndarray:
    """The metrics the page should show, computed by the engine itself."""
    return simulate(build_experiment(model, **options), Settings(**settings)).metrics


def test_defaults_render(filter_page):
    at = filter_page()
    assert_no_exception(at)
    assert not at.warning and not at.error
    assert values(at) == DEFAULTS
    assert tab_labels(at) == VIEWS
    assert len(at.get("plotly_chart")) == 1
    text = page_text(at)
    assert "**Did it help?** After 50 generations, the model's spread is" in text
    assert "(Feng et al., 2024; Yi et al., 2026)" in text
    assert "Human data makes up 95% of generation 1's training set and 50% from generation " \
           "31 on." in text
    assert [m.label for m in at.metric] == ["AI-made in training at gen 50", "Detector right",
                                            "Human data thrown away", "Spread at gen 50"]


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_draws_its_chart_and_sentence(filter_page, view):
    at = open_view(filter_page(**SMALL), view)
    assert_no_exception(at)
    charts = figures(at)
    assert len(charts) == 1 and at.get("plotly_chart")[0].proto.alt
    heading = {"Can it tell?": "**Can it tell?**", "What got through": "**What got through.**",
               "Human data thrown away": "**Human data thrown away.**",
               "Spread": "**Spread.**"}[view]
    assert heading in page_text(at)
    assert "Run shown on this page" not in str(charts[0]["data"])  # the filter page draws no run


def test_can_it_tell_reads_the_engines_accuracy_beside_the_spread(filter_page):
    at = open_view(filter_page(**SMALL), "Can it tell?")
    accuracy = by_generation(engine("gaussian", {"source": "bell"}, generations=12,
                                    sample_size=100, runs=3, human_fraction=0.95,
                                    human_fraction_end=0.5, human_data="fresh",
                                    filter="learned"), "detector_accuracy")
    first, last = np.median(accuracy[1]), np.median(accuracy[12])
    text = page_text(at)
    assert (f"the detector was right {first:.0%} of the time at generation 1 and {last:.0%} at "
            f"generation 12") in text
    better = int((accuracy[12] > accuracy[1]).sum())
    assert f"In {better} of 3 runs it was right more often at generation 12 than at " \
           "generation 1." in text
    figure = figures(at)[0]
    assert {t.get("yaxis") for t in figure["data"]} == {None, "y2"}  # accuracy over spread
    assert figure["layout"]["yaxis2"]["title"]["text"] == "spread"
    assert "coin toss" in [a["text"] for a in figure["layout"]["annotations"]]


def test_what_got_through_against_the_web(filter_page):
    at = open_view(filter_page(**SMALL), "What got through")
    figure = figures(at)[0]
    web = np.asarray(trace(figure, "On the web, before the filter")["y"], float)
    assert web[:2].tolist() == [0.0, pytest.approx(0.05)]
    got = np.asarray(trace(figure, "Typical run (median)")["y"], float)
    assert np.all(got <= web + 1e-9)  # the detector only ever takes AI-made items out
    assert "On the web, AI-made items are 5% of what is collected at generation 1" in \
        page_text(at)


def test_rare_against_common_human_items_in_odds(filter_page):
    # Smoothing, whose learned detector is measured on the rarest tenth of the human values.
    query = {"m": "kde", "g": 8, "n": 200, "r": 4}
    at = open_view(filter_page(**query), "Human data thrown away")
    assert_no_exception(at)
    assert not at.warning
    metrics = engine("kde", {"source": "three-modes"}, generations=8, sample_size=200, runs=4,
                     human_fraction=0.95, human_fraction_end=0.5, human_data="fresh",
                     filter="learned")
    rare, common = (np.nanmean(by_generation(metrics, m)[1:], axis=0)
                    for m in ("rare_human_rejected", "common_human_rejected"))
    first = int((rare > common).sum())
    outcome = ("the rare ones go first" if 2 * first > 4 else
               "here the common ones go first" if 2 * first < 4 else "neither kind goes first")
    assert (f"In {first} of 4 runs it threw out a larger share of the rare human items than of "
            f"the others: {outcome}.") in page_text(at)
    lines = {t.get("name"): t for t in figures(at)[0]["data"]}
    rare_line = lines["The rarest human items (average of 5 generations)"]
    assert "The other human items (average of 5 generations)" in lines
    # The line is the median over runs, averaged over 5 generations (centred; fewer at the ends).
    medians = np.nanmedian(by_generation(metrics, "rare_human_rejected"), axis=1)
    assert np.asarray(rare_line["y"], float)[4] == pytest.approx(np.nanmean(medians[2:7]))


def test_the_ideal_detector_has_no_accuracy_to_learn(filter_page):
    at = filter_page(**SMALL, f="ideal", fr=80, fp=10)
    assert_no_exception(at)
    assert tab_labels(at) == VIEWS[1:]
    assert [m.label for m in at.metric][1] == "AI-made items caught"
    text = page_text(open_view(at, "Human data thrown away"))
    assert "The ideal detector wrongly throws out 10% of the human items" in text
    text = page_text(open_view(at, "What got through"))
    assert re.search(r"It caught (7\d|8\d)% of the AI-made items", text), text


def test_watching_only_throws_nothing_out(filter_page):
    at = open_view(filter_page(**SMALL, f="detect"), "What got through")
    figure = figures(at)[0]
    web = np.asarray(trace(figure, "On the web, before the filter")["y"], float)
    got = np.asarray(trace(figure, "Typical run (median)")["y"], float)
    np.testing.assert_allclose(got, web, atol=1e-9)
    assert "**Did it help?**" in page_text(at) and "made little difference" in page_text(at)
    assert "Watching only, the detector threw nothing out" in page_text(
        open_view(at, "Human data thrown away"))


@pytest.mark.parametrize(("model", "view", "query"), [
    pytest.param("mixture", "Rare group", {"g": 6, "n": 100, "r": 2}, id="mixture"),
    pytest.param("markov", "Vocabulary", {"g": 3, "n": 500, "r": 2}, id="text"),
    pytest.param("digits", "Mix variety", {"g": 3, "n": 200, "r": 1}, id="digits"),
])
def test_every_model_shows_every_view(filter_page, model, view, query):
    at = filter_page(m=model, **query)
    assert not at.warning
    assert tab_labels(at) == [*VIEWS[:3], view]
    for name in tab_labels(at):
        open_view(at, name)
        assert_no_exception(at)
        assert len(at.get("plotly_chart")) == 1
    assert f"**{view}.** With the detector," in page_text(at)


def test_a_model_brings_its_own_defaults(filter_page):
    at = filter_page()
    widget(at, "m").set_value("kde").run()
    assert values(at, ("n", "r", "g")) == {"n": 500, "r": 5, "g": 50}
    assert tab_labels(at)[-1] == "Spread"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_filter_that_cannot_collect_a_training_set_is_explained(filter_page, language):
    # An ideal detector that catches every AI-made item, with no human data to let through.
    at = filter_page(f="ideal", fr=100, h=0, he=0, lang=language)
    assert_no_exception(at)
    message = {"en": "Nothing can pass the filter at generation 1",
               "zh": "在第 1 代，没有任何数据能通过过滤器"}[language]
    assert len(at.error) == 1 and message in at.error[0].value
    assert not at.get("plotly_chart")
    assert widget(at, "h").value == 0 and at.query_params["fr"] == "100"  # controls kept
    if language == "en":  # (AppTest cannot rerun beside translated choices)
        assert widget(at, "fr").value == 100  # (opens the Advanced fold: a rerun)
        widget(at, "fr").set_value(90).run()  # and a way out
        assert not at.error and len(at.get("plotly_chart")) == 1


def test_with_and_without_the_detector_are_read_at_the_same_generation():
    # The runs without a filter finish first; while the filtered ones compute, the page must
    # not set generation 50 without a filter against generation 1 with one.
    from collapse_core import Settings, build_experiment, simulate
    from ui.filter_view import up_to

    plain = simulate(build_experiment("gaussian"), Settings(generations=6, sample_size=50, seed=0))
    cut = up_to(plain, 3)
    assert cut.settings.generations == 3
    assert sorted(cut.metrics["generation"].unique()) == [0, 1, 2, 3]
    assert cut.metrics.equals(plain.metrics[plain.metrics["generation"] <= 3])
    assert up_to(plain, 6) is plain and up_to(plain, 9) is plain
