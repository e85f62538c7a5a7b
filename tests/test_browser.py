"""End to end in headless Chromium: every page through the sidebar, a slider, a shared link.

Runs `streamlit run app.py` once per session (fixtures in conftest.py, helpers in
browser_support.py). Skipped without chromium/chromedriver, except under CI=true, where a
missing browser fails. No timing assertions: waits have generous timeouts and only fail
when something never happens.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import (
    button_labels,
    chart_paths,
    chromium_driver,
    click_button,
    click_nav,
    console_errors,
    counter,
    exceptions,
    markdown_text,
    nav_links,
    press,
    slider_thumb,
    slider_value,
    wait_idle,
    wait_until,
)
from conftest import APP, ROOT, page_files

try:  # without selenium the `browser` fixture skips (or fails under CI) with the reason
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:
    By = Keys = None

pytestmark = pytest.mark.browser

TIMEOUT = 120  # seconds; the first visit of a page computes its default experiment
BELL_PATH = "bell"
SPREAD_VIEW = "Spread"


def known_cold_subpath_404s(path: str) -> tuple[str, ...]:
    """The two console errors of opening a page's sub-path cold (not `/`).

    Streamlit's frontend first asks `/<page>/_stcore/host-config` and `/<page>/_stcore/health`,
    gets 404s, then finds the server at `/`. Harmless, and unavoidable for a shared link to a
    page; ignored only where a test opens such a link.
    """
    return (f"/{path}/_stcore/host-config", f"/{path}/_stcore/health")


def open_home(driver, server) -> None:
    """Load `/` and wait for the default page to settle."""
    driver.get(server.url)
    wait_idle(driver, TIMEOUT)
    assert not exceptions(driver)


def go_to(driver, href: str) -> None:
    """Click the sidebar link to `href` and wait for that page to settle."""
    click_nav(driver, href)
    wait_until(lambda: driver.current_url.split("?")[0] == href, TIMEOUT, f"the URL {href}")
    wait_idle(driver, TIMEOUT)


def test_every_page_in_the_navigation_renders_without_errors(driver, server):
    open_home(driver, server)
    links = nav_links(driver)
    assert len(links) == len(page_files()), f"sidebar shows {list(links)}; app.py routes to " \
                                            f"{page_files()}"
    assert console_errors(driver) == []
    for title, href in links.items():
        go_to(driver, href)
        assert exceptions(driver) == [], f"exception on {title}"
        assert console_errors(driver) == [], f"console errors on {title}"
        assert markdown_text(driver).strip(), f"{title} shows nothing"


def test_slider_changes_the_chart_and_the_link_restores_it(browser, driver, server):
    open_home(driver, server)
    go_to(driver, server.url + BELL_PATH)
    wait_idle(driver, TIMEOUT, min_charts=1)
    player = chart_paths(driver)
    click_button(driver, SPREAD_VIEW)  # one view (one chart) at a time; the view is in the link
    wait_until(lambda: "Spread." in markdown_text(driver), TIMEOUT, "the Spread view")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert chart_paths(driver) != player
    assert slider_value(driver, "Generations") == "100"
    text_before, paths_before = markdown_text(driver), chart_paths(driver)
    assert "After 100 generations" in text_before

    # Generations 100 -> 97 with the keyboard, then sample size 100 -> 200 (a select_slider).
    press(driver, slider_thumb(driver, "Generations"), *[Keys.ARROW_LEFT] * 3)
    wait_until(lambda: "After 97 generations" in markdown_text(driver), TIMEOUT,
               "the caption to say 97 generations")
    wait_idle(driver, TIMEOUT, min_charts=1)
    press(driver, slider_thumb(driver, "Sample size"), Keys.ARROW_RIGHT)
    wait_until(lambda: "(N-1)/N = 0.995" in markdown_text(driver), TIMEOUT,
               "the theory note for N = 200")
    state = wait_idle(driver, TIMEOUT, min_charts=1)

    assert slider_value(driver, "Generations") == "97"
    assert slider_value(driver, "Sample size") == "200"
    text, paths = markdown_text(driver), chart_paths(driver)
    assert text != text_before and paths != paths_before, "the chart did not change"
    assert exceptions(driver) == [] and console_errors(driver) == []

    link = driver.current_url
    query = parse_qs(urlsplit(link).query)
    assert query.get("g") == ["97"] and query.get("n") == ["200"], link
    assert query.get("v") == [SPREAD_VIEW], link

    # The shared link in a brand-new browser (fresh profile): the same state, the same chart.
    with chromium_driver(browser) as other:
        other.get(link)
        reopened = wait_idle(other, TIMEOUT, min_charts=1)
        assert reopened["charts"] == state["charts"]
        assert slider_value(other, "Generations") == "97"
        assert slider_value(other, "Sample size") == "200"
        assert markdown_text(other) == text
        assert chart_paths(other) == paths
        assert exceptions(other) == []
        assert console_errors(other, ignore=known_cold_subpath_404s(BELL_PATH)) == []


def test_a_choice_survives_the_link_without_a_warning(browser, driver, server):
    open_home(driver, server)
    go_to(driver, server.url + BELL_PATH)
    labels = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stRadio"] label')
    mixture = next(label for label in labels if label.text == "Mixture of bell curves")
    mixture.click()
    wait_until(lambda: "m=" in driver.current_url, TIMEOUT, "the model in the URL")
    wait_idle(driver, TIMEOUT, min_charts=1)
    text = markdown_text(driver)

    with chromium_driver(browser) as other:
        other.get(driver.current_url)
        wait_idle(other, TIMEOUT, min_charts=1)
        assert "could not be used" not in markdown_text(other)
        assert markdown_text(other) == text


def test_a_link_to_a_page_is_right_even_as_a_fresh_servers_first_request(browser, driver):
    # A sleeping hosted app wakes up on whatever link arrives first, often a teacher's link to
    # one page. (With the page scripts in a folder named `pages/`, Streamlit's old multipage
    # mode ran that first request: the wrong navigation, or "Page not found".)
    from browser_support import StreamlitServer

    with StreamlitServer(APP, ROOT) as fresh:
        driver.get(fresh.url + "text?g=12")
        wait_idle(driver, TIMEOUT)
        first_links = list(nav_links(driver))
        assert "Page not found" not in driver.page_source
        assert "Generation 12" in markdown_text(driver)
        assert exceptions(driver) == []
        assert console_errors(driver, ignore=known_cold_subpath_404s("text")) == []
        driver.get(fresh.url)
        wait_idle(driver, TIMEOUT)
        assert first_links == list(nav_links(driver))
        assert any(link.endswith("Text (Markov chain)") for link in first_links)


_TILE_ROWS_JS = """
const tiles = [...document.querySelectorAll('[data-testid="stMetric"]')];
return {
  rows: new Set(tiles.map(t => Math.round(t.getBoundingClientRect().top))).size,
  tiles: tiles.length,
  cut: tiles.map(t => t.querySelector('[data-testid="stMetricValue"]'))
            .filter(v => v.scrollWidth > v.clientWidth + 1).map(v => v.textContent),
};
"""


@pytest.mark.parametrize(("width", "rows"), [(1400, 1), (390, 2)], ids=["desktop", "phone"])
def test_the_headline_tiles_fit_in_one_row_on_a_desktop_and_two_on_a_phone(driver, server,
                                                                           width, rows):
    driver.set_window_size(width, 1000)
    for path in (BELL_PATH + "?v=Spread", "text?v=Vocabulary", "digits?v=Digit+mix"):
        driver.get(server.url + path)
        wait_idle(driver, TIMEOUT)
        layout = driver.execute_script(_TILE_ROWS_JS)
        assert layout == {"rows": rows, "tiles": 4, "cut": []}, path


_CURVE_JS = """
const curves = document.querySelectorAll(
  '[data-testid="stPlotlyChart"] .scatterlayer .trace path.js-line');
return curves.length ? curves[curves.length - 1].getAttribute('d') : null;
"""


def test_play_shows_every_generation_and_the_counter_and_legend_agree(driver, server):
    driver.get(server.url + BELL_PATH + "?g=10")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert counter(driver) == "10 of 10"
    last_curve = driver.execute_script(_CURVE_JS)
    click_button(driver, "Play")  # from the last generation, Play starts again at 0
    seen: dict[str, str] = {}

    def finished() -> bool:
        shown, curve = counter(driver), driver.execute_script(_CURVE_JS)
        legend = driver.execute_script(
            "return [...document.querySelectorAll('.legendtext')].map(t => t.textContent)")
        g = shown.split(" of ")[0] if shown else None
        if g and g != "0" and f"Generation {g}" in legend:  # the legend names what is shown
            seen[g] = curve
        stopped = any(label.endswith("Play") for label in button_labels(driver))
        return len(seen) > 1 and shown == "10 of 10" and stopped

    wait_until(finished, 60, "Play to run to generation 10 and stop")
    assert {str(g) for g in range(1, 11)} <= set(seen), sorted(seen, key=int)
    assert seen["10"] == last_curve
    assert len(set(seen.values())) == len(seen), "every generation draws a different curve"
    assert "at=" not in driver.current_url  # back on the last generation: the link's default
    assert exceptions(driver) == [] and console_errors(driver, ignore=known_cold_subpath_404s(
        BELL_PATH)) == []


def test_a_step_moves_exactly_one_generation_and_the_link_keeps_it(browser, driver, server):
    driver.get(server.url + BELL_PATH + "?g=20&at=5")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert counter(driver) == "5 of 20"
    for label, expected in (("+1", "6 of 20"), ("+1", "7 of 20"), ("−1", "6 of 20")):
        click_button(driver, label)
        wait_until(lambda e=expected: counter(driver) == e, TIMEOUT, f"the counter at {expected}")
        wait_idle(driver, TIMEOUT, min_charts=1)
    assert "**Generation 6**" not in markdown_text(driver)  # markdown shows it bold, not starred
    assert "Generation 6:" in markdown_text(driver)
    assert "at=6" in driver.current_url
    text, curve = markdown_text(driver), driver.execute_script(_CURVE_JS)
    with chromium_driver(browser) as other:
        other.get(driver.current_url)
        wait_idle(other, TIMEOUT, min_charts=1)
        assert counter(other) == "6 of 20"
        assert markdown_text(other) == text and other.execute_script(_CURVE_JS) == curve
