"""The lesson on About: every step's link opens a page without a notice, and the numbers on its
first screen support what the step says. The simulations are seeded, so the page's counts are
fixed numbers: each is checked against the same runs computed here straight from the metrics,
and then against the step's words ("most", "a few", "about as often"), in both languages."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest
from conftest import (
    assert_no_exception,
    figures,
    open_folds,
    page_text,
    trace,
    warnings_text,
)

from collapse_core import Settings, build_experiment, simulate
from collapse_core.families.continuous.metrics import (
    RARE_MODE_GONE,
    TAKEN_OVER,
    continuous_metrics,
)
from collapse_core.families.continuous.sources import continuous_source
from ui.compare_view import RANKING_FOLD
from ui.home_demo import DEMO
from ui.i18n import LANGUAGE_KEY
from ui.lesson import LESSON

LINKS = {link.label: link for step in LESSON for link in step.links}
PLAY, KEEP, FRESH = "The rare group in 20 runs", "Keep 10% original", "10% fresh human data"
ACCUMULATE, COLD = "Accumulate all data", "Low temperature"


@dataclass(frozen=True)
class Odds:
    """A rare-group page's counts over its runs, and the typical run's final share."""

    lost: int  # below the warning line at the last generation
    dipped: int  # below it for a while, back above it at the last generation
    taken_over: int  # the rare group holds more than TAKEN_OVER of the model at the end
    runs: int
    final: float = np.nan
    high: float = np.nan  # the top of the shaded band (90% quantile) at the last generation


def direct_odds(label: str) -> Odds:
    """The counts of a lesson link's runs, computed here from the metrics (pandas, not the
    monitor), for the page's numbers to be checked against."""
    query = LINKS[label].query
    source = continuous_source(query["src"])
    settings = Settings(generations=int(query["g"]), sample_size=int(query["n"]),
                        human_fraction=int(query["h"]) / 100, human_data=query["hd"],
                        scheme=query["sc"], temperature=float(query["t"]), runs=int(query["r"]),
                        seed=int(query["seed"]))
    metrics = simulate(build_experiment(query["m"], source=query["src"],
                                        components=int(query["k"])), settings).metrics
    table = metrics.pivot(index="generation", columns="run", values="rare_mode_mass")
    below = table < RARE_MODE_GONE.factor * continuous_metrics(source.distribution,
                                                                source)["rare_mode_mass"]
    end = table.iloc[-1]
    return Odds(lost=int(below.iloc[-1].sum()), dipped=int((below.any() & ~below.iloc[-1]).sum()),
                taken_over=int((end > TAKEN_OVER).sum()), runs=settings.runs,
                final=float(end.median()), high=float(end.quantile(0.9)))


def open_link(app, label: str, **query):
    link = LINKS[label]
    at = app(page=link.page, query={**link.query, **query})
    assert_no_exception(at)
    assert not at.warning, warnings_text(at)
    assert not at.error
    return at


def number(pattern: str, text: str, default: int | None = None) -> int:
    """The first number a pattern captures in the page's text (`default` if it is absent)."""
    found = re.search(pattern, text)
    if found is None:
        assert default is not None, f"{pattern!r} not in:\n{text}"
        return default
    return int(found.group(1))


def page_odds(at) -> Odds:
    """The counts the rare-group sentence states, read from the English page."""
    text = page_text(at)
    lost = (0 if re.search(r"Lost in none of the \d+ runs", text) or
            "Warning line not crossed in any" in text else
            number(r"Lost in (\d+) of \d+ runs", text))
    final = re.search(r"at generation 0 and (less than 1%|\d+%) at generation 100", text)
    assert final, text
    share = 0.005 if final.group(1) == "less than 1%" else float(final.group(1)[:-1]) / 100
    return Odds(lost=lost, dipped=number(r"Dipped and came back in (\d+)", text, 0),
                taken_over=number(r"Took over in (\d+) of", text, 0), runs=20, final=share)


def chinese_odds(at) -> tuple[int, int, int]:
    """(lost, dipped, taken over) as the Chinese page states them."""
    text = page_text(at)
    lost = (0 if re.search(r"\d+ 次运行中没有一次以丢失告终", text) else
            number(r"\d+ 次运行中有 (\d+) 次以丢失告终", text))
    return (lost, number(r"一度跌破又恢复的有 (\d+) 次", text, 0),
            number(r"\d+ 次运行中有 (\d+) 次反客为主", text, 0))


def assert_page_counts_the_runs(at, label: str) -> Odds:
    """The page's lost, dipped and taken-over counts are the runs' own; returns the runs'."""
    direct, shown = direct_odds(label), page_odds(at)
    assert (shown.lost, shown.dipped, shown.taken_over) == (
        direct.lost, direct.dipped, direct.taken_over), label
    return direct


def test_every_step_has_a_link_that_names_its_settings():
    for step in LESSON:
        assert step.links, step.title
        for link in step.links:
            assert link.page.startswith("app_pages/"), link
            if link.page.endswith("bell.py"):  # the lesson's experiment, every setting named
                assert {"m", "src", "g", "n", "h", "hd", "sc", "t", "r", "seed"} <= set(
                    link.query)


def model_peak(at) -> float:
    """The height of the model's curve in Home's demo chart."""
    return float(np.max(trace(figures(at)[0], "Model, generation")["y"]))


def test_the_hook_starts_at_generation_0_and_ends_narrower_and_taller(app):
    at = open_link(app, "Home, at generation 0")
    assert "At generation 0 the model has learned straight from" in page_text(at)
    last = open_link(app, "Home, at generation 0", gen="100")
    assert number(r"the model's spread is \*\*(\d+)%\*\*", page_text(last)) < 100  # narrower
    assert model_peak(last) > model_peak(at)  # and taller
    # "With ups and downs along the way": the spread falls overall, not at every copy.
    spread = simulate(build_experiment(DEMO[0], **DEMO[1]), DEMO[2]).metrics["std"].to_numpy()
    assert spread[-1] < 0.5 * spread[0] and (np.diff(spread) > 0).any()


def test_predict_opens_generation_0_projected(app):
    link = LINKS["Three groups, at generation 0, present mode"]
    weights = continuous_source(link.query["src"]).distribution.weights
    assert min(weights) == pytest.approx(0.10), "the step says: the small group holds 10%"
    at = open_link(app, link.label)
    assert [m.value for m in at.metric] == ["Generation 0 of 100"]  # the counter, no tiles
    assert "**Generation 0** learned straight from the human data" in page_text(at)


def test_predict_shows_the_small_group_readable_and_the_collapse_whole(app):
    # The class is asked about the group at 6 on generation 0's chart: the axis is set by the
    # human data there, not by generation 100's spike.
    label = "Three groups, at generation 0, present mode"
    chart = figures(open_link(app, label))[0]
    top = chart["layout"]["yaxis"]["range"][1]
    human = trace(chart, "Human data")
    peak = float(np.max(human["y"]))
    assert peak / top > 0.6, "the human data fills most of the height"
    assert float(np.interp(6.0, human["x"], human["y"])) / top > 0.1, "the small group shows"
    collapsed = figures(open_link(app, label, at="100"))[0]
    curve = trace(collapsed, "Generation 100")["y"]
    assert 5 * peak < float(np.max(curve)) < collapsed["layout"]["yaxis"]["range"][1], (
        "narrower and taller, and drawn whole")


def test_play_loses_the_small_group_in_most_runs_and_a_few_take_over(app):
    at = open_link(app, PLAY)
    runs = assert_page_counts_the_runs(at, PLAY)
    assert runs.lost > runs.runs / 2, "the step says: lost in most of the 20 runs"
    assert page_odds(at).final < 0.01, "the typical run has lost it by generation 100"
    # "The shaded band climbs to 100%: in a few runs the small group took over instead."
    assert 1 <= runs.taken_over <= runs.runs / 4
    # "... and in the one or two left it is still there."
    assert runs.runs - runs.lost - runs.taken_over in (1, 2)
    assert runs.high >= 0.995
    assert "climbs to 100%" in page_text(at)
    assert "the same loss of variety" in page_text(at)
    # "Lost" is said against the line the sentence names: a tenth of the group's human share.
    source = continuous_source(LINKS[PLAY].query["src"])
    line = RARE_MODE_GONE.factor * continuous_metrics(source.distribution, source)[
        "rare_mode_mass"]
    text = page_text(at)
    assert f"(the dotted warning line marks a tenth of that, {line:.1%})" in text
    assert "those runs still had a rare group under a tenth of its share in the human data" in text
    # On the projected page (present mode: no sentence above the chart) ...
    assert at.session_state["_present"] and "press **Play**" not in text
    # ... and off it, the page's one sentence speaks of this chart, not of the player it does
    # not show.
    text = page_text(open_link(app, PLAY, present="0"))
    assert "How big a share the rare group keeps" in text and "press **Play**" not in text


def first_below(values, line: float) -> int:
    """The first generation a curve is under the line."""
    return int(np.flatnonzero(np.asarray(values, float) < line)[0])


def test_play_says_when_the_run_it_shows_lost_the_group_and_marks_the_median(app):
    # The player plays one run; the marker and "the typical run" are the median over 20 runs.
    # A class watching the player must be told when that run crossed the line, not only the
    # median: the two differ here by many generations.
    source = continuous_source(LINKS[PLAY].query["src"])
    line = RARE_MODE_GONE.factor * continuous_metrics(source.distribution, source)[
        "rare_mode_mass"]
    at = open_link(app, PLAY)
    chart, text = figures(at)[0], page_text(at)
    shown = first_below(trace(chart, "Run shown on this page")["y"], line)
    median = first_below(trace(chart, "Typical run (median)")["y"], line)
    assert shown != median, "the lesson's link shows a run that differs from the median"
    assert (f"In the run shown on this page (the one the player plays) it first happened at "
            f"generation {shown}.") in text
    assert (f"In the typical run (the median of the runs) it first happened at generation "
            f"{median}.") in text
    marks = [note["text"] for note in chart["layout"]["annotations"]]
    assert f"⚠ median: gen {median}" in marks, marks
    chinese = open_link(app, PLAY, **{LANGUAGE_KEY: "zh"})
    assert (f"在本页展示的那次运行（播放器播放的就是它）中，它第一次发生在第 {shown} 代"
            in page_text(chinese))
    assert f"⚠ 中位数：第 {median} 代" in [
        note["text"] for note in figures(chinese)[0]["layout"]["annotations"]]


@pytest.mark.parametrize("label", [KEEP, FRESH])
def test_remedies_lose_the_small_group_in_few_runs_and_in_many_it_only_dips(app, label):
    at = open_link(app, label)
    runs = assert_page_counts_the_runs(at, label)
    assert runs.lost <= 3, f"{label}: the step says lost in few runs or none"
    assert runs.dipped >= runs.runs / 3, f"{label}: the step says in many it dips and comes back"
    assert page_odds(at).final >= 0.03, f"{label}: the typical run still has it"
    assert not runs.taken_over


def test_the_remedies_share_one_axis_with_a_named_warning_line(app):
    # Projected one after another, the remedies differ on the same axis; the sentence speaks
    # of "the warning line", which the legend names.
    axes = set()
    for label in (KEEP, FRESH, ACCUMULATE, COLD):
        chart = figures(open_link(app, label))[0]
        axes.add(tuple(chart["layout"]["yaxis"]["range"]))
        line = trace(chart, "Warning line (1.0%): all but vanished below it")
        assert np.allclose(line["y"], RARE_MODE_GONE.factor * 0.1, rtol=0.05)  # a tenth of 10%
    assert len(axes) == 1
    chinese = figures(open_link(app, KEEP, **{LANGUAGE_KEY: "zh"}))[0]
    assert trace(chinese, "警戒线（1.0%）：低于此线即几乎消失")


def test_fresh_human_data_is_not_counted_like_no_remedy(app):
    # The case: the old sentence said 14 of 20 for both. Now the losses differ plainly.
    fresh, alone = direct_odds(FRESH), direct_odds(PLAY)
    assert fresh.lost == 0 and alone.lost > alone.runs / 2


def test_accumulating_never_loses_the_small_group(app):
    at = open_link(app, ACCUMULATE)
    runs = assert_page_counts_the_runs(at, ACCUMULATE)
    assert runs.lost == runs.dipped == 0, "the step says: accumulating never loses it"
    assert "Warning line not crossed in any of the 20 runs" in page_text(at)


def test_a_lower_temperature_loses_the_small_group_about_as_often(app):
    at = open_link(app, COLD)
    cold, alone = assert_page_counts_the_runs(at, COLD), direct_odds(PLAY)
    # "About as often": within two standard errors of the difference of two shares of 20
    # runs, sqrt(2 p (1 - p) / 20) with p the share lost without a remedy.
    p = alone.lost / alone.runs
    assert abs(cold.lost - alone.lost) / cold.runs <= 2 * np.sqrt(2 * p * (1 - p) / cold.runs)
    assert page_odds(at).final < 0.01


@pytest.mark.parametrize("label", [PLAY, FRESH])
def test_the_chinese_page_states_the_same_counts(app, label):
    at = open_link(app, label, **{LANGUAGE_KEY: "zh"})
    runs = direct_odds(label)
    assert chinese_odds(at) == (runs.lost, runs.dipped, runs.taken_over)
    if runs.taken_over:
        assert "反客为主" in page_text(at) and "升到 100%" in page_text(at)


def test_discuss_compares_the_remedies_filtering_among_them(app):
    at = open_folds(open_link(app, "Compare the remedies"), RANKING_FOLD)
    table = at.table[0].value
    assert len(table) == 6
    assert "Filter AI out: ideal detector (90% caught)" in set(table["Strategy"])
    lost = dict(zip(table["Strategy"], table["Lost (past the warning line at the end)"],
                    strict=True))
    assert lost["Pure self-training"] != "0 of 10 runs", "the collapse the remedies prevent"


def test_play_keeps_its_promise_in_present_mode_too(app):
    # Step 2 turns present mode on and it stays on: step 3's view must still be shown.
    at = open_link(app, PLAY, present="1")
    assert page_odds(at).lost > 10 and page_odds(at).final < 0.01
    assert not at.metric  # a projector's page: no tiles


def _hiring_rates(at) -> tuple[float, float]:
    """The model's and the people's hiring rates of the smaller group, as the sentence says."""
    found = re.search(r"the model hires (\d+)% of the smaller group \(people: (\d+)%\)",
                      page_text(at))
    assert found, page_text(at)
    return float(found.group(1)), float(found.group(2))


def test_people_step_shows_the_smaller_group_hired_at_under_half_the_peoples_rate(app):
    at = open_link(app, "Who gets left out?, present mode")
    assert [m.value for m in at.metric] == ["Generation 0 of 20"]
    link = LINKS["Who gets left out?, present mode"]
    at = app(page=link.page, query={**link.query, "at": "20"})  # where Play ends
    model, people = _hiring_rates(at)
    assert model < people / 2, "the lesson promises: under half as many as people would"


def test_people_step_accumulating_keeps_the_rates_where_they_started(app):
    at = open_link(app, "Hiring, accumulating all data")
    # the rates over the generations (the player's chart of the rule comes first)
    rates = next(f for f in figures(at) if any(
        t.get("name") == "Model: smaller group" for t in f["data"]))
    for group in ("smaller", "larger"):
        y = np.asarray(trace(rates, f"Model: {group} group")["y"])
        # Without accumulating the smaller group falls by 0.07; a median of 10 runs moves by
        # about 0.01 by chance (their sd, 0.03, over sqrt(10)).
        assert abs(y[-1] - y[0]) < 0.02, group


# About's remedies name the presets; each preset, as it opens the Bell page (one bell curve, one
# run), shows what About says of it.
PRESETS = {"Pure self-training": {}, "Keep 10% original": {"h": 10, "hd": "original"},
           "10% fresh human data": {"h": 10, "hd": "fresh"},
           "Accumulate all data": {"sc": "accumulate"}, "Low temperature": {"t": 0.8}}


def spread_view(app, preset: str) -> str:
    at = app(page="app_pages/bell.py", query={"v": "Spread", **PRESETS[preset]})
    assert_no_exception(at)
    return page_text(at)


def test_the_presets_show_what_about_says_of_them(app):
    crossed = {preset: number(r"below half of generation 0's at generation (\d+)",
                              spread_view(app, preset), -1) for preset in PRESETS}
    assert crossed["Pure self-training"] > 0, "without a remedy the spread halves"
    for remedy in ("Keep 10% original", "10% fresh human data", "Accumulate all data"):
        assert crossed[remedy] == -1, f"{remedy}: About says it keeps the model grounded"
    # "One bell curve's spread shrinks faster" at a low temperature.
    assert 0 < crossed["Low temperature"] < crossed["Pure self-training"]


def test_the_extension_opens_the_network_at_generation_0_projected(app):
    at = open_link(app, "The tiny neural network, present mode")
    assert [m.value for m in at.metric] == ["Generation 0 of 30"]  # the counter, no tiles
    assert "**Generation 0**" in page_text(at)


def test_the_extensions_network_keeps_its_promise():
    # What the step's text promises, from the engine at the link's settings: thirty
    # generations later one name over and over, and q, x and z gone.
    from collapse_core.families.neural.card import NEURAL
    from collapse_core.recursion import simulate
    from collapse_core.settings import Settings

    query = LINKS["The tiny neural network, present mode"].query
    experiment = NEURAL.experiment(corpus=query["c"], context=int(query["ctx"]),
                                   hidden=int(query["hu"]))
    result = simulate(experiment, Settings(generations=int(query["g"]),
                                           sample_size=int(query["n"]), seed=int(query["seed"])))
    first, last = result.example["walls"][0], result.example["walls"][-1]
    assert len(set(first)) > 30 and len(set(last)) == 1
    # ... in all it writes, not only in the wall the page shows (a stray other at most)
    assert result.metrics["distinct_share"].iloc[-1] <= 2 / int(query["n"])
    alphabet, letters = result.example["alphabet"], result.example["letters"]
    rare = [alphabet.index(c) for c in "qxz"]
    assert (letters[0][rare] > 0).all() and (letters[-1][rare] == 0).all()


def test_a_chinese_class_opens_the_network_on_chinese_words_and_it_keeps_the_promise(app):
    # What the Chinese text promises: varied words at first; thirty generations later most of
    # what it writes are repeats, and the characters it uses fall from over two hundred to a
    # few dozen.
    from collapse_core.families.neural.card import NEURAL
    from collapse_core.recursion import simulate
    from collapse_core.settings import Settings

    step = next(s for s in LESSON if s.chinese_links)
    links = step.links_for("zh")
    assert all(link.query["c"] == "zh-words" for link in links)
    assert [link.label for link in links] == [link.label for link in step.links]
    query = links[0].query
    experiment = NEURAL.experiment(corpus=query["c"], context=int(query["ctx"]),
                                   hidden=int(query["hu"]))
    result = simulate(experiment, Settings(generations=int(query["g"]),
                                           sample_size=int(query["n"]), seed=int(query["seed"])))
    assert len(set(result.example["walls"][0])) > 30
    distinct = result.metrics["distinct_share"].to_numpy()
    assert distinct[-1] < 0.1, "most of what it writes are repeats"
    letters = (result.example["letters"] > 0).sum(axis=1)
    assert letters[0] >= 200 and letters[-1] < 100
    at = app(page="app_pages/about.py", query={"lang": "zh"})
    assert "中文课上它读的是中文词语" in page_text(at)
    # every link opens in the class's language, in a new tab too
    lesson_links = [link for link in at.get("page_link")
                    if link.proto.icon == ":material/arrow_forward:"]
    assert len(lesson_links) >= 10
    assert all("lang=zh" in link.proto.query_string for link in lesson_links)
    assert "(./?gen=0&lang=zh)" in page_text(at)


def test_the_extension_quotes_what_real_language_models_did(app):
    at = open_link(app, "What real language models did")
    assert "It happens to real language models too" in page_text(at)
