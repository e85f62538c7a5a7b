"""AppTest of the bell-curve page: defaults, every control, presets, URL state, bad links.

The numbers themselves are tested in collapse_core; here we check that the page wires each
control through to what the reader sees (the computed sentences and the charts' data).
Every run is seeded (seed 0 unless a test says otherwise), so the assertions are exact.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import (
    SpreadViewBase,
    assert_no_exception,
    figures,
    final_spread,
    fingerprint,
    open_folds,
    open_presets,
    open_view,
    page_text,
    tab_labels,
    trace,
    warnings_text,
    widget,
)

from ui.present import PRESETS_POPOVER
from ui.recursion_controls import ADVANCED_FOLD

BELL = "app_pages/bell.py"
VIEWS = ["Watch it forget", "All generations", "Spread", "Distance", "Unusual values", "Centre"]
# The row under the chart: the main views, then the button that opens the other measures.
ROW = ["Watch it forget", "All generations", "Spread", "More measures"]
DEFAULTS = {"g": 100, "n": 100, "h": 0, "t": 1.0, "r": 1, "seed": 0, "m": "gaussian",
            "src": "bell", "sc": "replace", "hd": "original"}


def values(at) -> dict:
    """The current value of every knob in DEFAULTS."""
    return {key: widget(at, key).value for key in DEFAULTS}


@pytest.fixture
def bell(app):
    """Factory: the bell page, already run, optionally opened from a link with `query`."""
    return lambda **query: app(page=BELL, query=query)


def test_defaults_render(bell):
    at = bell()
    assert_no_exception(at)
    assert values(at) == DEFAULTS
    assert tab_labels(at) == ROW
    assert len(at.get("plotly_chart")) == 1  # only the open view is drawn
    text = page_text(at)
    assert "Seed 0." in text
    assert not at.warning and not at.error
    # The player shows the last generation over generation 0 and the human data, and its
    # counter says which generation that is.
    player = figures(at)[0]
    assert [t["name"] for t in player["data"]] == ["Human data", "Generation 0", "Generation 100"]
    assert [m.value for m in at.metric if m.label == "Generation"] == ["100 of 100"]
    assert "**Generation 100**" in text
    # The heatmap has one row per generation, 0..100.
    heatmap = figures(open_view(at, "All generations"))[0]["data"][0]
    assert np.asarray(heatmap["z"]).shape[0] == 101


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_draws_one_chart_and_its_sentence(bell, view):
    at = open_view(bell(), view)
    assert_no_exception(at)
    assert len(at.get("plotly_chart")) == 1
    assert at.get("plotly_chart")[0].proto.alt  # alt text for screen readers
    assert "generation" in page_text(at)
    # The sentence at the top speaks of the chart shown: only the player's says "press Play".
    assert ("press **Play**" in page_text(at)) == (view == "Watch it forget")


def test_the_generations_slider_reads_or_continues_the_runs_it_has(bell, monkeypatch):
    import streamlit as st

    from collapse_core.runs import Runs

    advanced, real = [], Runs.advance
    monkeypatch.setattr(Runs, "advance", lambda runs: advanced.append(runs) or real(runs))
    at = bell(v="Spread")
    assert len(advanced) == 101  # one run, generations 0..100
    widget(at, "g").set_value(60).run()
    assert len(advanced) == 101, "fewer generations are read from the runs, not computed"
    widget(at, "g").set_value(120).run()
    assert len(advanced) == 121, "more generations continue the runs from generation 100"
    # What the reader sees is exactly what a start from nothing shows.
    st.cache_data.clear()
    st.cache_resource.clear()
    fresh = bell(g=120, v="Spread")
    assert len(advanced) == 242
    assert final_spread(at) == final_spread(fresh)
    assert page_text(at) == page_text(fresh)


def test_unusual_values_and_centre_show_the_human_datas_value_as_a_line(bell):
    from collapse_core.families.continuous.metrics import continuous_metrics
    from collapse_core.families.continuous.sources import continuous_source

    human = continuous_metrics(continuous_source("bell").distribution,
                               continuous_source("bell"))
    at = bell()
    for view, metric in (("Unusual values", "tail_mass"), ("Centre", "mean")):
        layout = figures(open_view(at, view))[0]["layout"]
        assert [s["y0"] for s in layout["shapes"]] == [pytest.approx(human[metric])], view
        assert [a["text"] for a in layout["annotations"]] == ["human data"], view


def test_the_distance_chart_starts_at_the_zero_its_title_names(bell):
    layout = figures(open_view(bell(), "Distance"))[0]["layout"]
    assert "0 = same as human data" in layout["yaxis"]["title"]["text"]
    assert layout["yaxis"]["rangemode"] == "tozero"


def test_a_link_opens_its_view(bell):
    at = bell(v="Spread")
    assert not at.warning
    assert trace(figures(at)[0], "This run")
    assert "**Spread.**" in page_text(at)


def test_a_view_the_page_lacks_gives_a_notice(bell):
    at = bell(v="Rare group")  # the default source, one bell curve, has no rare group
    assert_no_exception(at)
    assert "could not be used" in warnings_text(at)
    assert trace(figures(at)[0], "Generation 100")  # the first view instead


def test_csv_download_button_exists(bell):
    at = bell()
    buttons = at.get("download_button")
    assert len(buttons) == 1
    assert "CSV" in buttons[0].label


# Each control, a value different from the default, and what must then be true compared with
# the default page (`base`). The sentences are computed from the results, so for the fixed
# seed they are exact.
def _generations(at, base):
    assert "After 37 generations" in page_text(at)
    assert np.asarray(figures(open_view(at, "All generations"))[0]["data"][0]["z"]).shape[0] == 38


def _sample_size(at, base):
    # the theory note computes (N-1)/N from the sample size
    assert "(N-1)/N = 0.998" in page_text(at)
    assert "(N-1)/N = 0.990" in base.text


def _human_percent(at, base):
    # 20% human data in every generation holds the spread up
    assert final_spread(at) > 2 * base.spread


def _model(at, base):
    assert "No theory line is drawn: exact formulas exist only for one bell curve" in page_text(at)


def _source(at, base):
    assert "Rare group" in tab_labels(at)
    assert "Rare group" not in base.views
    assert "**The rare group.**" in page_text(open_view(at, "Rare group"))
    # The warning line, a few % up, stands clear of the axis under it, its share named in the
    # legend (not written on the plot, where a falling curve would cross it).
    chart = figures(at)[0]
    warning = trace(chart, "Warning line")
    line = warning["y"][0]
    assert chart["layout"]["yaxis"]["range"][0] < 0 < line
    assert f"({line:.1%})" in warning["name"]
    assert f"{line:.1%}" not in [note["text"] for note in chart["layout"]["annotations"]]


def _scheme(at, base):
    # keeping every training set slows the narrowing (Gerstgrasser et al.)
    assert final_spread(at) > 2 * base.spread
    assert "what the average run should do with these settings" in page_text(at)


def _temperature(at, base):
    # sampling at t = 0.8 multiplies the variance by 0.8 each generation: 0.8^100 ~ 2e-10
    assert final_spread(at) < 0.01 * base.spread


def _runs(at, base):
    text = page_text(open_view(at, "Spread"))
    assert "In the typical run, after 100 generations" in text
    assert "of 5 runs" in text
    assert trace(figures(open_view(at, "Spread"))[0], "80% of 5 runs")


def _seed(at, base):
    assert "Seed 1." in page_text(at)
    assert final_spread(at) != base.spread


CONTROLS = [
    pytest.param("g", 37, _generations, id="generations"),
    pytest.param("n", 500, _sample_size, id="sample-size"),
    pytest.param("h", 20, _human_percent, id="human-percent"),
    pytest.param("m", "mixture", _model, id="model"),
    pytest.param("src", "three-modes", _source, id="source"),
    pytest.param("sc", "accumulate", _scheme, id="scheme"),
    pytest.param("t", 0.8, _temperature, id="temperature"),
    pytest.param("r", 5, _runs, id="runs"),
    pytest.param("seed", 1, _seed, id="seed"),
]


@pytest.mark.parametrize(("key", "value", "check"), CONTROLS)
def test_each_control_changes_the_result(bell, key, value, check):
    at = bell()
    assert_no_exception(at)
    base = SpreadViewBase(at)

    widget(at, key).set_value(value).run()
    assert_no_exception(at)
    assert widget(at, key).value == value
    assert fingerprint(at) != base.fingerprint, f"changing {key} changed nothing on the page"
    assert len(at.get("plotly_chart")) == 1
    check(at, base)


def test_which_human_data_matters_once_there_is_human_data(bell):
    at = bell(h=20)
    before = fingerprint(at)
    widget(at, "hd").set_value("fresh").run()
    assert_no_exception(at)
    assert fingerprint(at) != before


# --- presets and reset --------------------------------------------------------------------


PRESETS = [
    pytest.param("preset-0", {}, id="pure-self-training"),
    pytest.param("preset-1", {"h": 10, "hd": "original"}, id="keep-10pct-original"),
    pytest.param("preset-2", {"h": 10, "hd": "fresh"}, id="10pct-fresh"),
    pytest.param("preset-3", {"sc": "accumulate"}, id="accumulate"),
    pytest.param("preset-4", {"t": 0.8}, id="low-temperature"),
]


@pytest.mark.parametrize(("button", "change"), PRESETS)
def test_preset_moves_the_knobs(bell, button, change):
    at = bell(g=37, seed=5)  # start away from the defaults: a preset resets the rest
    assert widget(at, "g").value == 37
    open_presets(at).button(key=button).click().run()  # Advanced stays closed
    assert_no_exception(at)
    expected = {**DEFAULTS, **change, "seed": 5}  # presets keep the seed
    assert values(at) == expected
    assert "**Generation 100**" in page_text(at)


def test_reset_restores_the_defaults_and_the_seed_but_keeps_the_model(bell):
    at = bell(g=37, n=500, h=20, t=0.8, r=3, seed=5)
    widget(at, "m").set_value("mixture").run()
    widget(at, "sc").set_value("accumulate").run()
    reset = next(b for b in open_presets(at).button if b.key == "preset-reset")
    reset.click().run()
    assert_no_exception(at)
    assert values(at) == {**DEFAULTS, "m": "mixture"}  # what the page is about stays
    assert "Seed 0." in page_text(at)


def test_a_preset_keeps_the_human_data_the_reader_picked(bell):
    at = bell(src="three-modes", m="mixture")
    keep = next(b for b in open_presets(at).button if b.label == "Keep 10% original")
    keep.click().run()
    assert_no_exception(at)
    assert values(at) == {**DEFAULTS, "src": "three-modes", "m": "mixture", "h": 10,
                               "r": 20}


def test_a_rare_group_brings_20_runs_unless_the_reader_chose_a_number(bell):
    at = bell()
    widget(at, "src").set_value("three-modes").run()
    assert widget(at, "r").value == 20  # the odds of losing a rare group
    assert "In the typical run" in page_text(open_view(at, "Spread"))
    widget(at, "src").set_value("bell").run()
    assert widget(at, "r").value == 1
    widget(at, "r").set_value(4).run()
    widget(at, "src").set_value("two-groups").run()
    assert widget(at, "r").value == 4  # the reader's own choice stays


# --- the folds under the chart ------------------------------------------------------------


def folded_widgets(at) -> list[str]:
    """The keys of the widgets this run drew that live in the Presets and Advanced folds."""
    inside = {"hd", "he", "hk", "sc", "t", "r", "est", "k", "seed"}
    drawn = [w.key for kind in ("slider", "radio", "number_input", "button")
             for w in getattr(at, kind) if w.key]
    return [key for key in drawn if key in inside or key.startswith("preset-")]


def test_closed_folds_draw_no_widgets_and_closing_one_loses_nothing(bell):
    at = bell(t=0.8, seed=7)
    assert folded_widgets(at) == []  # a page run sends none of them
    assert "Seed 7." in page_text(at)  # the link's values are used all the same
    widget(at, "r").set_value(4).run()  # opens the folds, as a reader does
    assert "preset-0" in folded_widgets(at)
    at.session_state[ADVANCED_FOLD] = False  # the reader closes Advanced...
    at.run()
    before = fingerprint(at)
    at.run()  # ...and the page runs again (Streamlit forgets undrawn widgets' values)
    at.run()
    assert fingerprint(at) == before
    assert (at.query_params["r"], at.query_params["t"], at.query_params["seed"]) == (
        "4", "0.8", "7")
    at.button(key="preset-4").click().run()  # Low temperature, with Advanced closed
    assert at.query_params["t"] == "0.8" and "r" not in at.query_params
    assert values(at) == {**DEFAULTS, "t": 0.8, "seed": 7}  # reopened: as the link says


def test_in_present_mode_the_popover_draws_its_choices_only_while_open(bell):
    at = bell(present="1", m="mixture", src="three-modes")
    assert folded_widgets(at) == [] and [w.key for w in at.radio if w.key == "m"] == []
    at.run()
    at.run()  # (Streamlit forgets undrawn widgets' values after a run)
    assert (at.query_params["m"], at.query_params["src"]) == ("mixture", "three-modes")
    at.session_state[PRESETS_POPOVER] = True  # the teacher opens it
    at.run()
    assert (widget(at, "m").value, widget(at, "src").value) == ("mixture", "three-modes")
    at.button(key="preset-1").click().run()  # Keep 10% original
    assert (at.query_params["h"], at.query_params["m"]) == ("10", "mixture")


# --- state in the URL ---------------------------------------------------------------------


def test_url_values_restore_the_state(bell):
    at = bell(g=37, n=500, h=20, t=0.8, r=3, seed=7)
    assert_no_exception(at)
    assert not at.warning
    assert values(at) == {**DEFAULTS, "g": 37, "n": 500, "h": 20, "t": 0.8, "r": 3, "seed": 7}
    text = page_text(at)
    assert "**Generation 37**" in text
    assert "Seed 7." in text
    assert np.asarray(figures(open_view(at, "All generations"))[0]["data"][0]["z"]).shape[0] == 38


def test_same_url_gives_the_same_charts(app):
    query = {"g": 37, "n": 200, "seed": 3}
    first = app(page=BELL, query=query)
    second = app(page=BELL, query=query)
    assert fingerprint(first) == fingerprint(second)


@pytest.mark.parametrize(("key", "value"), [("m", "mixture"), ("src", "three-modes"),
                                             ("sc", "accumulate"), ("hd", "fresh")])
def test_choice_written_to_the_url_restores_without_warning(app, key, value):
    at = app(page=BELL)
    choice = widget(at, key).set_value(value)
    at.run()
    choice = widget(at, key)
    shown = choice.options[choice.index]  # what the browser writes into the URL for this choice
    opened = app(page=BELL, query={key: shown})
    assert widget(opened, key).value == value
    assert "could not be used" not in warnings_text(opened)


def test_option_value_in_the_url_is_used_or_reported(bell):
    at = bell(m="mixture", sc="accumulate")
    used = widget(at, "m").value == "mixture" and widget(at, "sc").value == "accumulate"
    assert used or "could not be used" in warnings_text(at)


# --- bad links ----------------------------------------------------------------------------


BAD_LINKS = [
    pytest.param({"g": "abc"}, "g", id="g-not-a-number"),
    pytest.param({"g": "5000"}, "g", id="g-too-large"),
    pytest.param({"n": "7"}, "n", id="n-not-an-option"),
    pytest.param({"src": "nope"}, "src", id="src-unknown"),
    pytest.param({"t": "9"}, "t", id="t-too-large"),
]


@pytest.mark.parametrize(("query", "key"), BAD_LINKS)
def test_bad_url_value_shows_a_notice_and_falls_back(bell, query, key):
    at = bell(**query)
    assert_no_exception(at)
    notice = warnings_text(at)
    assert "could not be used" in notice
    assert widget(at, key).label in notice
    assert values(at) == DEFAULTS
    assert len(at.get("plotly_chart")) == 1


def test_with_many_runs_the_tiles_and_the_players_sentence_tell_of_the_same_run(bell):
    # The tiles describe the run the player draws, so "Spread ... -55%" and "the spread is 45%
    # of generation 0's" cannot disagree (they once came from the median and the drawn run).
    at = bell(m="mixture", src="three-modes", r=20)
    assert_no_exception(at)
    change = next(m.delta for m in at.metric if m.label.startswith("Spread at gen"))
    kept = re.search(r"the spread is (\d+)% of generation 0's", page_text(at))
    assert kept, page_text(at)
    # Both are rounded to a percent: -58% and 42% or 43% agree; -58% and 45% would not.
    drop = re.match(r"([-+]\d+)%", change)
    assert drop, change
    assert abs(100 + int(drop.group(1)) - int(kept.group(1))) <= 1


def test_while_playing_the_slider_follows_without_a_key_and_pause_gives_it_back(bell):
    # A slow browser sends back the slider's value from before Play moved it: the slider that
    # follows Play has no key and no callback, so that value cannot move or stop the player.
    at = bell(g=10)
    next(b for b in at.button if b.label == "Play").click().run()
    assert [m.value for m in at.metric if m.label == "Generation"] == ["1 of 10"]
    following = [s for s in at.slider if s.label == "Generation shown"]
    assert [(s.key, s.value, s.disabled) for s in following] == [(None, 1, True)]
    next(b for b in at.button if b.label == "Pause").click().run()
    assert_no_exception(at)
    shown = next(m.value for m in at.metric if m.label == "Generation")
    slider = widget(at, "at")
    assert not slider.disabled and f"{slider.value} of 10" == shown


@pytest.mark.parametrize("from_fragment", [True, False])
def test_a_rerun_asked_for_from_a_fragment_keeps_every_knob(bell, from_fragment):
    # A page that fills in by itself, and Play, rerun the whole page from inside a fragment;
    # Streamlit then starts from the widget values the browser sent for the fragment, which now
    # and then are the defaults of the widgets outside it (seen in a browser: a lesson link lost
    # its seed and human share). Those runs start from the knobs as the last run left them; a
    # reader's own change is kept.
    at = open_folds(bell(m="mixture", src="three-modes", h=10, hd="fresh", seed=24))
    for key, default in (("h", 0), ("seed", 0), ("src", "bell")):
        widget(at, key).set_value(default)  # what the browser sent
    if from_fragment:
        at.session_state["_link_from_fragment"] = True  # as ui.link.rerun_page leaves it
    at.run()
    assert_no_exception(at)
    kept = {key: widget(at, key).value for key in ("h", "seed", "src", "hd")}
    if from_fragment:
        assert kept == {"h": 10, "seed": 24, "src": "three-modes", "hd": "fresh"}
        assert at.query_params["seed"] == "24" and at.query_params["h"] == "10"
    else:
        assert kept == {"h": 0, "seed": 0, "src": "bell", "hd": "fresh"}
