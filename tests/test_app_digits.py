"""AppTest of the handwritten-digits page: defaults, controls, the scrubber, URL state, bad links.

The numbers are tested in tests/test_digits.py; here we check that the page wires each control
through to what the reader sees (the computed sentences, the charts' data and the images).
Every run is seeded (seed 0), so the assertions are exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import (
    APP,
    ROOT,
    assert_no_exception,
    figures,
    open_presets,
    open_view,
    open_views,
    page_files,
    page_text,
    tab_labels,
    warnings_text,
    widget,
)

DIGITS = "app_pages/digits.py"
# The page's views (tabs), in order; each draws at most one chart. The first is the images.
IMAGES, MIX, ENTROPY = "Watch the digits fade", "Digit mix", "Mix variety"
VIEWS = (IMAGES, MIX, ENTROPY, "Digits drawn", "Image variety", "Distance from real",
         "Sharpness")
REAL_LINE_VIEWS = ("Image variety", "Distance from real", "Sharpness")
DEFAULTS = {"g": 50, "n": 500, "h": 0, "hd": "original", "sc": "replace", "t": 1.0, "r": 1,
            "seed": 0, "ld": 10, "k": 10, "at": 50}


@pytest.fixture
def digits(clear_cache):
    """Factory: the digits page, already run, optionally opened from a link with `query`.

    Through app.py once the page is registered there (as readers reach it); until then the
    page script on its own.
    """
    from streamlit.testing.v1 import AppTest

    def make(**query):
        registered = DIGITS in page_files()
        at = AppTest.from_file(str(APP if registered else ROOT / DIGITS), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = str(value)
        if registered:
            at.switch_page(DIGITS)
        return at.run()

    return make


def open_tabs(at) -> list[str]:
    """The view drawn now (only the open view is drawn)."""
    return open_views(at)


def only_chart(at) -> dict:
    """The one chart the open view draws."""
    drawn = figures(at)
    assert len(drawn) == 1, f"{len(drawn)} charts drawn"
    return drawn[0]


def entropy_curve(at) -> np.ndarray:
    """The entropy chart's line (one run: 'This run'), opening its view."""
    figure = only_chart(open_view(at, ENTROPY))
    line = next(t for t in figure["data"] if t.get("name") == "This run")
    return np.asarray(line["y"], dtype=float)


GALLERY = 2  # after the player's two rows


def images(at) -> list:
    """Every st.image element: the player's two rows (human data, the generation shown), its
    gallery, then one per overview row."""
    return at.get("image")


def gallery_alts(at) -> list[str]:
    """The alt texts of the scrubber's gallery (the third image element)."""
    return [item.alt for item in images(at)[GALLERY].proto.imgs]


def test_defaults_render(digits):
    at = digits()
    assert_no_exception(at)
    assert {key: widget(at, key).value for key in DEFAULTS} == DEFAULTS
    assert tab_labels(at) == [IMAGES, MIX, "Digits drawn", "How different the images are",
                              "More measures"] and open_tabs(at) == [IMAGES]
    assert not at.get("plotly_chart")  # the images are pictures, not charts
    text = page_text(at)
    assert "Generation 50: 20 of its images" in text and "Seed 0." in text
    assert not at.warning and not at.error
    assert len(at.get("metric")) == 4 + 1  # the tiles and the player's counter
    assert len(images(at)) == 2 + 1 + 1 + 6  # the player's rows, the gallery, the overview
    assert len(gallery_alts(at)) == 20 and all("generation 50" in a for a in gallery_alts(at))
    assert len(at.get("download_button")) == 1

    # The share chart stacks the ten digits; every generation's shares add up to 1.
    at = open_view(at, MIX)
    assert_no_exception(at)
    shares = np.array([np.asarray(t["y"], dtype=float) for t in only_chart(at)["data"]])
    assert shares.shape == (10, 51)
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)
    assert "reads 97% of held-out real digits correctly" in page_text(at)

    assert entropy_curve(at).size == 51
    text = page_text(at)
    assert "Warning line" in text and "Seed 0." in text
    assert len(at.get("download_button")) == 1 and not at.warning and not at.error


def test_every_view_renders_and_draws_at_most_one_chart(digits):
    at = digits()
    for label in VIEWS:
        at = open_view(at, label)
        assert_no_exception(at)
        assert open_tabs(at) == [label]
        charts = at.get("plotly_chart")
        assert len(charts) == (0 if label == IMAGES else 1), label
        assert all(chart.proto.alt for chart in charts)
        tiles = len(at.get("metric")) - (label == IMAGES)  # the images' player has a counter
        assert tiles == 4 and len(at.get("download_button")) == 1
        assert "Seed 0." in page_text(at) and not at.warning and not at.error
        # The sentence at the top speaks of the view shown: only the player's says Play.
        assert ("Press **Play**" in page_text(at)) == (label == IMAGES), label
        if label in REAL_LINE_VIEWS:  # the real digits' value: a dashed line, labelled
            layout = only_chart(at)["layout"]
            assert layout["yaxis"]["rangemode"] == "tozero"
            assert any(s["line"].get("dash") == "dash" for s in layout["shapes"])
            assert any(a["text"] == "real digits" for a in layout["annotations"])


def test_a_link_opens_its_view(digits):
    at = digits(v="Image variety", at=5)
    assert_no_exception(at)
    assert open_tabs(at) == ["Image variety"] and not at.warning
    figure = only_chart(at)
    text = page_text(at)
    assert "**How different the images are.**" in text
    assert "Generation 5: 20 of its images" not in text and "**Sharpness.**" not in text
    assert figure["layout"]["annotations"][-1]["text"] == "real digits"
    # The link's generation is still there when the reader opens the images.
    at = open_view(at, IMAGES)
    assert open_tabs(at) == [IMAGES]
    assert_no_exception(at)
    assert widget(at, "at").value == 5 and "Generation 5: 20 of its images" in page_text(at)


@pytest.mark.parametrize(("key", "value"), [("g", 20), ("n", 200), ("ld", 3), ("k", 4)])
def test_each_model_control_changes_the_result(digits, key, value):
    base = digits()
    at = widget(base, key).set_value(value).run()
    assert_no_exception(at)
    curve = entropy_curve(at)
    if key == "g":
        assert curve.size == 21 and "at generation 20" in page_text(at)
    else:
        fresh = digits()
        assert not np.array_equal(curve, entropy_curve(fresh))


def test_too_little_capacity_preset(digits):
    at = digits()
    preset = next(b for b in open_presets(at).button if b.label == "Too little capacity")
    at = preset.click().run()
    assert_no_exception(at)
    assert (widget(at, "ld").value, widget(at, "k").value) == (2, 3)


def test_the_scrubber_shows_another_generation_without_recomputing(digits, computations):
    at = digits()
    chart_before = open_view(at, MIX).get("plotly_chart")[0].proto.spec
    at = open_view(at, IMAGES)
    overview_before = [image.proto for image in images(at)[GALLERY + 1:]]
    runs = computations
    runs.clear()
    at = at.slider(key="at").set_value(10).run()
    assert_no_exception(at)
    assert runs == []  # the simulation was not run again
    assert "Generation 10: 20 of its images" in page_text(at)
    assert all("generation 10 image" in a for a in gallery_alts(at))
    assert [image.proto for image in images(at)[GALLERY + 1:]] == overview_before
    assert not at.get("plotly_chart")
    # Another view and back: its chart is unchanged, and the scrubber keeps its place.
    assert open_view(at, MIX).get("plotly_chart")[0].proto.spec == chart_before
    at = open_view(at, IMAGES)
    assert widget(at, "at").value == 10 and "Generation 10: 20 of its images" in page_text(at)
    assert runs == []


def test_the_scrubber_follows_a_shorter_experiment(digits):
    at = digits()
    at = at.slider(key="at").set_value(40).run()
    at = at.slider(key="g").set_value(20).run()
    assert_no_exception(at)
    assert widget(at, "at").value in range(21)
    assert "Generation 40" not in page_text(at)
    # Also when the experiment gets shorter while another view is open.
    at = at.slider(key="at").set_value(15).run()
    at = open_view(at, MIX).slider(key="g").set_value(10).run()
    assert_no_exception(at)
    at = open_view(at, IMAGES)
    assert_no_exception(at)
    assert widget(at, "at").value in range(11)
    assert "Generation 15" not in page_text(at)


def test_url_values_restore(digits):
    query = {"g": 20, "n": 200, "h": 30, "ld": 4, "k": 6, "seed": 3, "at": 5}
    at = digits(**query)
    assert_no_exception(at)
    assert {key: widget(at, key).value for key in query} == query
    assert "Generation 5: 20 of its images" in page_text(at)
    assert "Seed 3." in page_text(at)
    assert not at.warning


def test_bad_url_values_show_the_notice(digits):
    at = digits(g="lots", ld="99", k="0", at="77", v="Nonsense")
    assert_no_exception(at)
    notice = warnings_text(at)
    for label in ("Generations", "Numbers per image", "Bell curves in the model",
                  "Generation shown", "View"):
        assert label in notice
    assert open_tabs(at) == [IMAGES]
    assert {key: widget(at, key).value for key in ("g", "ld", "k", "at")} == \
        {"g": 50, "ld": 10, "k": 10, "at": 50}


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits_server(browser):
    """`streamlit run` of app.py once the page is registered there, else of the page alone."""
    from browser_support import StreamlitServer

    registered = DIGITS in page_files()
    with StreamlitServer(APP if registered else ROOT / DIGITS, ROOT) as running:
        yield running, registered


@pytest.mark.browser
def test_in_the_browser_the_scrubber_moves_and_the_link_restores_it(browser, driver,
                                                                    digits_server):
    from browser_support import (
        chromium_driver,
        click_nav,
        console_errors,
        exceptions,
        markdown_text,
        press,
        slider_thumb,
        slider_value,
        wait_idle,
        wait_until,
    )
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    server, registered = digits_server
    driver.get(server.url)
    wait_idle(driver, 120)
    if registered:  # reach the page the way a reader does: from / through the sidebar
        click_nav(driver, server.url + "digits")
    wait_until(lambda: "Generation 50: 20 of its images" in markdown_text(driver), 120,
               "the digits page")
    wait_idle(driver, 120)  # the images' view draws no chart
    drawn = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
        ".filter(i => i.complete && i.naturalWidth > 0).length")
    # the player's two rows (the human data's over the generation's), the gallery's images and
    # the overview's rows
    assert drawn == 2 + 20 + 7

    press(driver, slider_thumb(driver, "Generation shown"), *[Keys.ARROW_LEFT] * 3)
    wait_until(lambda: "Generation 47: 20 of its images" in markdown_text(driver), 120,
               "the gallery to show generation 47")
    wait_idle(driver, 120)  # the images' view draws no chart
    assert "at=47" in driver.current_url
    assert exceptions(driver) == [] and console_errors(driver) == []
    text = markdown_text(driver)

    with chromium_driver(browser) as other:
        other.get(driver.current_url)
        wait_idle(other, 120)
        assert slider_value(other, "Generation shown") == "47"
        assert markdown_text(other) == text
        assert exceptions(other) == []
        assert not other.find_elements(By.CSS_SELECTOR, '[data-testid="stAlert"]')
