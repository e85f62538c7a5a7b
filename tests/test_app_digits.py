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
    page_files,
    page_text,
    warnings_text,
    widget,
)

DIGITS = "pages/digits.py"
CHARTS = 6  # digit shares, entropy, digits present, diversity, distance from real, sharpness
ENTROPY_CHART = 1
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


def entropy_curve(at) -> np.ndarray:
    """The entropy chart's line (one run: 'This run')."""
    figure = figures(at)[ENTROPY_CHART]
    line = next(t for t in figure["data"] if t.get("name") == "This run")
    return np.asarray(line["y"], dtype=float)


def images(at) -> list:
    """Every st.image element (one per overview row, then the scrubber's gallery)."""
    return at.get("image")


def gallery_alts(at) -> list[str]:
    """The alt texts of the scrubber's gallery (the last image element)."""
    return [item.alt for item in images(at)[-1].proto.imgs]


def test_defaults_render(digits):
    at = digits()
    assert_no_exception(at)
    assert {key: widget(at, key).value for key in DEFAULTS} == DEFAULTS
    assert len(at.get("plotly_chart")) == CHARTS
    assert entropy_curve(at).size == 51
    text = page_text(at)
    assert "Generation 50: 20 of its images" in text
    assert "reads 97% of held-out real digits correctly" in text
    assert "Monitor" in text and "Seed 0." in text
    assert not at.warning and not at.error
    assert len(images(at)) == 1 + 6 + 1  # human row, 6 generation rows, the gallery
    assert len(gallery_alts(at)) == 20 and all("generation 50" in a for a in gallery_alts(at))
    assert len(at.get("download_button")) == 1
    # The share chart stacks the ten digits; every generation's shares add up to 1.
    shares = np.array([np.asarray(t["y"], dtype=float) for t in figures(at)[0]["data"]])
    assert shares.shape == (10, 51)
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)


@pytest.mark.parametrize(("key", "value"), [("g", 20), ("n", 200), ("ld", 3), ("k", 4)])
def test_each_model_control_changes_the_result(digits, key, value):
    base = digits()
    at = base.slider(key=key).set_value(value).run() if key != "n" else \
        base.select_slider(key=key).set_value(value).run()
    assert_no_exception(at)
    curve = entropy_curve(at)
    if key == "g":
        assert curve.size == 21 and "at generation 20" in page_text(at)
    else:
        fresh = digits()
        assert not np.array_equal(curve, entropy_curve(fresh))


def test_too_little_capacity_preset(digits):
    at = digits()
    preset = next(b for b in at.button if b.label == "Too little capacity")
    at = preset.click().run()
    assert_no_exception(at)
    assert (widget(at, "ld").value, widget(at, "k").value) == (2, 3)


def test_the_scrubber_shows_another_generation_without_recomputing(digits):
    at = digits()
    charts_before = [c.proto.spec for c in at.get("plotly_chart")]
    at = at.select_slider(key="at").set_value(10).run()
    assert_no_exception(at)
    assert "Generation 10: 20 of its images" in page_text(at)
    assert all("generation 10 image" in a for a in gallery_alts(at))
    assert [c.proto.spec for c in at.get("plotly_chart")] == charts_before


def test_the_scrubber_follows_a_shorter_experiment(digits):
    at = digits()
    at = at.select_slider(key="at").set_value(40).run()
    at = at.slider(key="g").set_value(20).run()
    assert_no_exception(at)
    assert widget(at, "at").value in range(21)
    assert "Generation 40" not in page_text(at)


def test_url_values_restore(digits):
    query = {"g": 20, "n": 200, "h": 30, "ld": 4, "k": 6, "seed": 3, "at": 5}
    at = digits(**query)
    assert_no_exception(at)
    assert {key: widget(at, key).value for key in query} == query
    assert "Generation 5: 20 of its images" in page_text(at)
    assert "Seed 3." in page_text(at)
    assert not at.warning


def test_bad_url_values_show_the_notice(digits):
    at = digits(g="lots", ld="99", k="0", at="77")
    assert_no_exception(at)
    notice = warnings_text(at)
    for label in ("Generations", "Numbers per image", "Bell curves in the model",
                  "Generation to look at"):
        assert label in notice
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
    wait_idle(driver, 120, min_charts=CHARTS)
    drawn = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
        ".filter(i => i.complete && i.naturalWidth > 0).length")
    assert drawn == 7 + 20  # the overview's rows and the gallery's images

    press(driver, slider_thumb(driver, "Generation to look at"), *[Keys.ARROW_LEFT] * 3)
    wait_until(lambda: "Generation 47: 20 of its images" in markdown_text(driver), 120,
               "the gallery to show generation 47")
    wait_idle(driver, 120, min_charts=CHARTS)
    assert "at=47" in driver.current_url
    assert exceptions(driver) == [] and console_errors(driver) == []
    text = markdown_text(driver)

    with chromium_driver(browser) as other:
        other.get(driver.current_url)
        wait_idle(other, 120, min_charts=CHARTS)
        assert slider_value(other, "Generation to look at") == "47"
        assert markdown_text(other) == text
        assert exceptions(other) == []
        assert not other.find_elements(By.CSS_SELECTOR, '[data-testid="stAlert"]')
