"""The lesson on About: every step's link opens a page without a notice, and shows what the
step's text promises. The simulations are seeded, so the outcomes are fixed numbers; the
assertions leave room where the lesson speaks loosely ("most of the 20 runs")."""

from __future__ import annotations

import re

import pytest
from conftest import assert_no_exception, page_text, warnings_text

from ui.lesson import LESSON

LINKS = {link.label: link for step in LESSON for link in step.links}


def open_link(app, label: str):
    link = LINKS[label]
    at = app(page=link.page, query=link.query)
    assert_no_exception(at)
    assert not at.warning, warnings_text(at)
    assert not at.error
    return at


def rare_group(at) -> tuple[int, int, float]:
    """(runs that crossed the warning line, runs, the typical run's final share in %)."""
    text = page_text(at)
    crossed = re.search(r"In (\d+) of (\d+) runs, the rare group all but vanished", text)
    final = re.search(r"at generation 0 and (less than 1%|\d+%) at generation 100", text)
    assert final, text
    share = 0.5 if final.group(1) == "less than 1%" else float(final.group(1).rstrip("%"))
    return (int(crossed.group(1)) if crossed else 0), 20, share


def test_every_step_has_a_link_that_names_its_settings():
    for step in LESSON:
        assert step.links, step.title
        for link in step.links:
            assert link.page.startswith("app_pages/"), link
            if link.page.endswith("bell.py"):  # the lesson's experiment, every setting named
                assert {"m", "src", "g", "n", "h", "hd", "sc", "t", "r", "seed"} <= set(
                    link.query)


def test_the_hook_starts_at_generation_0(app):
    at = open_link(app, "Home, at generation 0")
    assert "At generation 0 the model has learned straight from" in page_text(at)


def test_predict_opens_generation_0_projected(app):
    at = open_link(app, "Three groups, at generation 0, present mode")
    assert [m.value for m in at.metric] == ["Generation 0 of 100"]  # the counter, no tiles
    assert "**Generation 0** learned straight from the human data" in page_text(at)


def test_play_shows_the_small_group_vanishing_in_most_runs(app):
    crossed, runs, final = rare_group(open_link(app, "The rare group in 20 runs"))
    assert crossed > runs / 2, "the lesson promises: in most of the 20 runs"
    assert final < 1, "the typical run has lost the small group by generation 100"


@pytest.mark.parametrize("label", ["Keep 10% original", "10% fresh human data",
                                   "Accumulate all data"])
def test_remedies_keep_the_small_group_alive_in_the_typical_run(app, label):
    _crossed, _runs, final = rare_group(open_link(app, label))
    assert final >= 3, f"{label}: the typical run keeps some of the small group"


def test_accumulating_never_loses_the_small_group(app):
    crossed, _runs, _final = rare_group(open_link(app, "Accumulate all data"))
    assert crossed == 0, "the lesson promises: accumulating all data never loses it"


def test_a_lower_temperature_loses_the_small_group_like_self_training(app):
    crossed, runs, final = rare_group(open_link(app, "Low temperature"))
    assert crossed > runs / 2 and final < 1


def test_discuss_compares_the_remedies_filtering_among_them(app):
    at = open_link(app, "Compare the remedies")
    assert len(at.table[0].value) == 6
    assert "Filter AI out (90% caught)" in set(at.table[0].value["Strategy"])


def test_play_keeps_its_promise_in_present_mode_too(app):
    # Step 2 turns present mode on and it stays on: step 3's view must still be shown.
    link = LINKS["The rare group in 20 runs"]
    at = app(page=link.page, query={**link.query, "present": "1"})
    assert_no_exception(at)
    crossed, runs, final = rare_group(at)
    assert crossed > runs / 2 and final < 1
    assert not at.metric  # a projector's page: no tiles


def test_the_extension_opens_the_network_at_generation_0_projected(app):
    at = open_link(app, "The tiny neural network, present mode")
    assert [m.value for m in at.metric] == ["Generation 0 of 30"]  # the counter, no tiles
    assert "**Generation 0**" in page_text(at)


def test_the_extensions_network_keeps_its_promise():
    # What the step's text promises, from the engine at the link's settings: thirty
    # generations later the same few names again and again, and q, x and z gone.
    from collapse_core.families.neural import card
    from collapse_core.recursion import simulate
    from collapse_core.settings import Settings

    query = LINKS["The tiny neural network, present mode"].query
    experiment = card.build(query["c"], context=int(query["ctx"]), hidden=int(query["hu"]))
    result = simulate(experiment, Settings(generations=int(query["g"]),
                                           sample_size=int(query["n"]), seed=int(query["seed"])))
    first, last = result.example["walls"][0], result.example["walls"][-1]
    assert len(set(first)) > 30 and len(set(last)) <= 3
    alphabet, letters = result.example["alphabet"], result.example["letters"]
    rare = [alphabet.index(c) for c in "qxz"]
    assert (letters[0][rare] > 0).all() and (letters[-1][rare] == 0).all()


def test_the_extension_quotes_what_real_language_models_did(app):
    at = open_link(app, "What real language models did")
    assert "It happens to real language models too" in page_text(at)
