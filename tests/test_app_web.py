"""AppTest of "The web fills with AI content" on every experiment page: the preset, the end
share and ramp knobs (he, hk) and their links, the truthful human-share label, the schedule
drawn under the headline chart, when the model started to slip, and the theory line.

Slipping and the theory are recomputed here from collapse_core for the same seeded settings,
so the sentences are checked against the engine's numbers, not against themselves.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import (
    assert_no_exception,
    figures,
    open_presets,
    open_view,
    page_text,
    trace,
    warnings_text,
    widget,
)

from collapse_core import Settings, build_experiment, simulate
from collapse_core.summary import band, first_crossing
from collapse_core.theory import expected_variance

WEB = {"h": 95, "hd": "fresh", "he": 50, "hk": 30}
# Each page, its headline view, and the page's defaults of the knobs the preset leaves alone.
PAGES = [
    pytest.param("app_pages/bell.py", "Spread", 100, id="bell"),
    pytest.param("app_pages/smoothing.py", "Spread", 50, id="smoothing"),
    pytest.param("app_pages/text.py", "Vocabulary", 30, id="text"),
    pytest.param("app_pages/digits.py", "Mix variety", 50, id="digits"),
]
SCHEDULE = ("**The human share changes.** Human data makes up 95% of generation 1's training "
            "set and 50% from generation 31 on.")
SLIP = re.compile(r"The model did not slip: .+ never went (below|above) \d+% of generation 0's"
                  r"|The model started to slip at generation \d+, when human data made up "
                  r"\d+% of its training set"
                  r"|In \d+ of \d+ runs the model slipped at some point: .+ The typical run "
                  r"(did not slip|started to slip at generation \d+)")


def values(at, keys=tuple(WEB)) -> dict:
    return {key: widget(at, key).value for key in keys}


def click(at, label: str):
    """Click the preset (or Reset) button with this label (in the Presets fold) and rerun."""
    return next(b for b in open_presets(at).button if b.label == label).click().run()


def share_panel(figure: dict) -> np.ndarray:
    """The human share drawn under a chart (its lower panel)."""
    panel = trace(figure, "Human data in the training set")
    assert panel["yaxis"] == "y2" and panel["showlegend"] is False
    return np.asarray(panel["y"], float)


@pytest.mark.parametrize(("page", "view", "generations"), PAGES)
def test_the_web_preset_on_every_experiment_page(app, page, view, generations):
    at = app(page=page)
    assert "The human share changes" not in page_text(at)
    assert widget(at, "h").label == "Human data in each new training set"
    click(at, "The web fills with AI content")
    assert_no_exception(at)
    assert not at.warning and not at.error
    assert values(at) == WEB
    assert widget(at, "g").value == generations  # the page's own length, kept
    assert widget(at, "h").label == "Human data at the start"  # truthful while it changes
    text = page_text(at)
    assert SCHEDULE in text and "Graphite, 65,000 articles sampled from Common Crawl" in text
    assert {k: at.query_params[k] for k in ("h", "hd", "he")} == {"h": "95", "hd": "fresh",
                                                                  "he": "50"}
    assert "hk" not in at.query_params  # 30 generations is the ramp's default

    at = open_view(at, view)
    figure = figures(at)[0]
    shares = share_panel(figure)
    assert shares.size == generations + 1
    assert shares[:2].tolist() == [1.0, 0.95]  # generation 0 learned from human data alone
    assert np.all(np.diff(shares[1:]) <= 0)  # the web only fills up
    if generations >= 31:
        assert shares[31:].tolist() == [0.5] * (generations - 30)
    assert SLIP.search(page_text(at)), page_text(at)


def test_a_link_without_the_end_keeps_the_share_constant(app):
    # Links in circulation name no end: theirs is the share they name, for every generation.
    at = app(page="app_pages/bell.py", query={"h": 20, "v": "Spread"})
    assert values(at, ("h", "he", "hk")) == {"h": 20, "he": 20, "hk": 30}
    assert "The human share changes" not in page_text(at)
    assert "Human data in the training set" not in str(figures(at)[0]["data"])
    assert "he" not in at.query_params
    # Moving the share moves a constant end with it; a share that changes keeps its end.
    widget(at, "h").set_value(40).run()
    assert values(at, ("h", "he")) == {"h": 40, "he": 40}
    widget(at, "he").set_value(10).run()
    widget(at, "h").set_value(60).run()
    assert values(at, ("h", "he")) == {"h": 60, "he": 10}
    assert at.query_params["he"] == "10"
    assert "Human data makes up 60% of generation 1's training set and 10% from generation " \
           "31 on." in page_text(at)


def test_other_presets_and_reset_make_the_share_constant_again(app):
    at = click(app(page="app_pages/bell.py"), "The web fills with AI content")
    click(at, "Keep 10% original")
    assert values(at) == {"h": 10, "hd": "original", "he": 10, "hk": 30}
    click(at, "The web fills with AI content")
    at.button(key="preset-reset").click().run()  # (the player has a Reset of its own)
    assert values(at) == {"h": 0, "hd": "original", "he": 0, "hk": 30}
    assert "he" not in at.query_params and "The human share changes" not in page_text(at)


def test_the_slip_is_the_engines_first_generation_halfway_to_the_warning_line(app):
    # The web fills up with no human data at the end: the spread slips once the human share
    # has run out. Recomputed from the engine: the typical run (median over runs) first goes
    # below 75% of generation 0's spread, halfway to the warning line at 50%.
    query = {"h": 95, "hd": "fresh", "he": 0, "hk": 30, "r": 20, "v": "Spread"}
    at = app(page="app_pages/bell.py", query=query)
    assert not at.warning, warnings_text(at)
    settings = Settings(generations=100, sample_size=100, runs=20, human_fraction=0.95,
                        human_fraction_end=0.0, ramp_generations=30, human_data="fresh")
    median = band(simulate(build_experiment("gaussian", source="bell", estimator="mle"),
                           settings).metrics, "std")["median"].to_numpy()
    slipped = first_crossing(median, 0.75 * median[0], "below")
    assert slipped is not None and slipped > 1
    share = settings.human_count_at(slipped) / settings.sample_size
    assert (f"The typical run started to slip at generation {slipped}, when human data made up "
            f"{share:.0%} of its training set.") in page_text(at)
    layout = figures(at)[0]["layout"]
    assert f"slipped: gen {slipped}" in [a["text"] for a in layout["annotations"]]


def test_the_theory_line_follows_the_schedule(app):
    at = app(page="app_pages/bell.py", query={**WEB, "v": "Spread"})
    theory = np.asarray(trace(figures(at)[0], "Theory: average run")["y"], float)
    expected = np.sqrt(expected_variance(100, 100, fresh_fraction=0.95, human_data="fresh",
                                         fresh_fraction_end=0.5, ramp_generations=30))
    np.testing.assert_allclose(theory, expected)
    constant = np.sqrt(expected_variance(100, 100, fresh_fraction=0.95, human_data="fresh"))
    assert not np.allclose(theory, constant)  # the schedule, not the start's constant share


def test_a_schedule_that_starts_without_human_data_draws_no_plain_theory(app):
    # No human data at first, some later: the model is not "learning only from itself", so
    # the typical-run line (which assumes that) is not drawn, and the centre is held.
    at = app(page="app_pages/bell.py", query={"h": 0, "he": 50, "hk": 10, "hd": "fresh",
                                              "v": "Spread"})
    names = [t.get("name") for t in figures(at)[0]["data"]]
    assert "Theory: average run" in names and "Theory: typical run" not in names
    assert "human data keeps pulling the model's centre back" in page_text(
        open_view(at, "Centre"))


@pytest.mark.parametrize(("query", "key"), [({"he": "150"}, "he"), ({"hk": "0"}, "hk"),
                                            ({"hk": "2.5"}, "hk"), ({"he": "nan"}, "he")])
def test_bad_end_or_ramp_in_a_link_gives_the_notice_and_a_constant_share(app, query, key):
    at = app(page="app_pages/bell.py", query={"h": 30, **query})
    assert_no_exception(at)
    notice = warnings_text(at)  # (on the run that opens the link)
    assert "could not be used" in notice
    assert widget(at, key).label in notice
    assert values(at, ("h", "he", "hk")) == {"h": 30, "he": 30, "hk": 30}
