"""End to end in headless Chromium: every page through the sidebar, a slider, a shared link,
the language switch.

Runs `streamlit run app.py` once per session (fixtures in conftest.py, helpers in
browser_support.py). Skipped without chromium/chromedriver, except under CI=true, where a
missing browser fails. No timing assertions: waits have generous timeouts and only fail
when something never happens.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import (
    button_labels,
    chart_paths,
    chromium_driver,
    click_button,
    click_nav,
    close_fold,
    console_errors,
    counter,
    exceptions,
    fold_content,
    markdown_text,
    nav_links,
    open_fold,
    phone_viewport,
    press,
    set_viewport,
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


def chart_code_loads(driver) -> list[str]:
    """The addresses the page fetched Streamlit's chart code (its plotly chunk) from."""
    return driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(r => /[/]PlotlyChart[.][^/]*[.]js$/.test(r.name)).map(r => r.name)")


def test_the_chart_code_the_page_loads_as_it_opens_is_the_code_streamlit_draws_with(driver,
                                                                                  server):
    # Loaded once: the page's early import (ui.charts.preload) and Streamlit's own, when the
    # chart arrives, are one module at one address (a wrong address would load it twice).
    driver.get(server.url + BELL_PATH)
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert len(chart_code_loads(driver)) == 1, chart_code_loads(driver)
    assert exceptions(driver) == [] and console_errors(driver, ignore=known_cold_subpath_404s(
        BELL_PATH)) == []


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
        # its chart code, loaded while the new server imported (app.py), is loaded once
        assert len(chart_code_loads(driver)) == 1, chart_code_loads(driver)
        assert exceptions(driver) == []
        assert console_errors(driver, ignore=known_cold_subpath_404s("text")) == []
        driver.get(fresh.url)
        wait_idle(driver, TIMEOUT)
        assert first_links == list(nav_links(driver))
        assert any(link.endswith("Text (Markov chain)") for link in first_links)


FILTER_PATH = "filter"


def test_the_filter_page_can_be_reached_and_read_view_by_view(browser, driver, server):
    open_home(driver, server)
    go_to(driver, server.url + FILTER_PATH)
    wait_idle(driver, TIMEOUT, min_charts=1)
    text = markdown_text(driver)
    assert "Did it help?" in text and "Can it tell?" in text and "coin toss" in text
    accuracy = chart_paths(driver)
    click_button(driver, "Human data thrown away")
    wait_until(lambda: "Human data thrown away." in markdown_text(driver), TIMEOUT,
               "the human data thrown away")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert chart_paths(driver) != accuracy
    assert "larger share of the rare human items" in markdown_text(driver)
    assert parse_qs(urlsplit(driver.current_url).query).get("v") == ["Human data thrown away"]
    assert exceptions(driver) == [] and console_errors(driver) == []
    # The same view from its link, in a new browser.
    text, paths = markdown_text(driver), chart_paths(driver)
    with chromium_driver(browser) as other:
        other.get(driver.current_url)
        wait_idle(other, TIMEOUT, min_charts=1)
        assert markdown_text(other) == text and chart_paths(other) == paths
        assert exceptions(other) == []


def test_the_web_preset_draws_the_human_share_under_the_spread(driver, server):
    driver.get(server.url + BELL_PATH + "?v=Spread")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert "The human share changes" not in markdown_text(driver)
    open_fold(driver, "Presets", TIMEOUT)
    click_button(driver, "The web fills with AI content")
    wait_until(lambda: "he=50" in driver.current_url, TIMEOUT, "the end share in the link")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert "halfway to the warning line" in markdown_text(driver)
    axes = driver.execute_script(
        "return document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .subplot.x2y2').length")
    assert axes == 1  # the share's panel below the spread
    assert exceptions(driver) == [] and console_errors(driver, ignore=known_cold_subpath_404s(
        BELL_PATH)) == []


def test_the_advanced_fold_is_drawn_when_opened_and_closing_it_keeps_the_readers_setting(
        driver, server):
    driver.get(server.url + BELL_PATH + "?r=3")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert fold_content(driver, "Advanced") == 0  # folded away: not even sent
    open_fold(driver, "Advanced", TIMEOUT)
    assert slider_value(driver, "Runs") == "3"  # from the link
    press(driver, slider_thumb(driver, "Runs"), Keys.ARROW_RIGHT)
    wait_until(lambda: "r=4" in driver.current_url, TIMEOUT, "4 runs in the link")
    wait_idle(driver, TIMEOUT, min_charts=1)
    close_fold(driver, "Advanced", TIMEOUT)
    click_button(driver, "Spread")  # another run of the page, with the fold closed
    wait_until(lambda: "v=Spread" in driver.current_url, TIMEOUT, "the view in the link")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert "r=4" in driver.current_url
    open_fold(driver, "Advanced", TIMEOUT)
    assert slider_value(driver, "Runs") == "4"
    assert exceptions(driver) == [] and console_errors(driver, ignore=known_cold_subpath_404s(
        BELL_PATH)) == []


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
    set_viewport(driver, width, 1000)
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


# Records, in the page, every generation the counter shows and every chart whose legend names
# the counter's generation, with its curve: a test that polled would miss frames on a slow
# machine. A browser slower than Play's speed may skip drawing a chart (the server sends every
# one), so the counter must pass through every generation and each chart drawn must agree.
_RECORD_FRAMES_JS = """
window.__counter = []; window.__charts = [];
const record = () => {
  const metric = [...document.querySelectorAll('[data-testid="stMetric"]')].find(m =>
    m.querySelector('[data-testid="stMetricLabel"]').textContent.trim() === 'Generation');
  const shown = metric && metric.querySelector('[data-testid="stMetricValue"]').textContent;
  if (!shown) return;
  const g = Number(shown.split(' of ')[0]);
  if (window.__counter[window.__counter.length - 1] !== g) window.__counter.push(g);
  const legend = [...document.querySelectorAll('.legendtext')].map(t => t.textContent);
  if (g === 0 || !legend.includes('Generation ' + g)) return;
  const curves = document.querySelectorAll(
    '[data-testid="stPlotlyChart"] .scatterlayer .trace path.js-line');
  const curve = curves.length ? curves[curves.length - 1].getAttribute('d') : null;
  const last = window.__charts[window.__charts.length - 1];
  if (!last || last.g !== g || last.curve !== curve) window.__charts.push({g, curve});
};
record();  // what is shown before Play
new MutationObserver(record).observe(document.body,
  {subtree: true, childList: true, characterData: true, attributes: true});
"""


def test_play_shows_every_generation_and_the_counter_and_legend_agree(driver, server):
    driver.get(server.url + BELL_PATH + "?g=10")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert counter(driver) == "10 of 10"
    last_curve = driver.execute_script(_CURVE_JS)
    driver.execute_script(_RECORD_FRAMES_JS)
    click_button(driver, "Play")  # from the last generation, Play starts again at 0

    def finished() -> bool:
        shown = driver.execute_script("return window.__counter")
        stopped = any(label.endswith("Play") for label in button_labels(driver))
        return len(shown) > 1 and shown[-1] == 10 and stopped

    wait_until(finished, 120, "Play to run to generation 10 and stop")
    wait_idle(driver, TIMEOUT, min_charts=1)  # a late message would show here
    shown, charts = driver.execute_script("return [window.__counter, window.__charts]")
    assert shown == [10, *range(1, 11)], "one generation at a time, to the last, and no jump"
    before, *drawn = [chart["g"] for chart in charts]
    assert before == 10 and drawn == sorted(drawn) and drawn[-1] == 10, drawn
    # The curve each generation ends with (Plotly redraws the legend and the lines in turn).
    curves = {chart["g"]: chart["curve"] for chart in charts[1:]}
    assert curves[10] == last_curve
    assert len(set(curves.values())) == len(curves), "every generation draws a different curve"
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


_FIRST_SCREEN_JS = """
const inside = e => { const r = e.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 1 &&
         r.left >= 0 && r.right <= window.innerWidth + 1; };
const buttons = [...document.querySelectorAll('button')];
const find = label => buttons.find(b => b.textContent.trim().endsWith(label));
const counter = [...document.querySelectorAll('[data-testid="stMetric"]')][0];
const chart = document.querySelector('[data-testid="stPlotlyChart"]');
const middle = e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; };
return {chart: !!chart && inside(chart), counter: !!counter && inside(counter),
        play: !!find('Play') && inside(find('Play')), step: !!find('+1') && inside(find('+1')),
        speed: !!find('Normal') && inside(find('Normal')),
        // how far the speed choice's middle stands below Play's (in the same row)
        speed_drop: find('Normal') && find('Play') ? middle(find('Normal')) - middle(find('Play'))
                                                   : null,
        counter_px: counter ? parseFloat(getComputedStyle(counter.querySelector(
          '[data-testid="stMetricValue"]')).fontSize) : 0,
        scrolls: document.documentElement.scrollHeight > window.innerHeight + 1 };
"""
EXPERIMENT_PAGES = (BELL_PATH, "smoothing", "text", "digits", "hiring", "neural")
# The x-axis tick labels a chart shows (plotly hides one that would cross the chart's edge).
_VISIBLE_X_TICKS_JS = """
return [...document.querySelectorAll('[data-testid="stPlotlyChart"] .xtick text')]
  .filter(t => getComputedStyle(t).display != 'none').map(t => t.textContent);
"""


@pytest.mark.parametrize("path", EXPERIMENT_PAGES)
def test_present_mode_fits_a_projectors_first_screen(driver, server, path):
    driver.set_window_size(1366, 768)
    # A slower page (the neural network's) answers first with its early generations and draws
    # the rest as they are computed: let it finish, so that generation 3 is there to link to.
    driver.get(server.url + path + "?present=1")
    wait_until(lambda: counter(driver) and "appear by themselves" not in driver.find_element(
        By.TAG_NAME, "body").text, 3 * TIMEOUT, "the whole answer")
    if path == "neural":  # at its last generation, its axis ends on a tick: that label is drawn
        wait_idle(driver, TIMEOUT, min_charts=1)
        ticks = driver.execute_script(_VISIBLE_X_TICKS_JS)
        assert "30" in ticks, ticks
    driver.get(server.url + path + "?present=1&at=3")
    wait_idle(driver, TIMEOUT, min_charts=1)
    layout = driver.execute_script(_FIRST_SCREEN_JS)
    assert layout["chart"] and layout["counter"] and layout["play"] and layout["step"], layout
    assert layout["speed"], layout  # beside the steps: the chart takes the height under them
    assert abs(layout["speed_drop"]) <= 2, layout  # in line with them, not lower
    assert layout["counter_px"] >= 32, layout
    chart_font = driver.execute_script(
        "return Math.min(...[...document.querySelectorAll('[data-testid=\"stPlotlyChart\"] "
        ".xtick text, [data-testid=\"stPlotlyChart\"] .legendtext')]"
        ".map(t => parseFloat(t.style.fontSize)))")
    assert chart_font >= 20, chart_font
    # Each slider's value stands above its thumb, not over it.
    overlaps = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"stSliderThumbValue\"]')]"
        ".map(v => v.getBoundingClientRect().bottom"
        " - v.parentElement.getBoundingClientRect().top)")
    assert overlaps and max(overlaps) <= 1, overlaps
    # The sidebar starts collapsed (its labelled button shows); Step shows the next generation.
    assert driver.find_element(By.CSS_SELECTOR, '[data-testid="stExpandSidebarButton"]'
                               ).is_displayed()
    assert counter(driver).startswith("Generation 3 of")
    click_button(driver, "+1")
    # The counter is drawn anew as the player reruns: for a moment there is none.
    wait_until(lambda: (counter(driver) or "").startswith("Generation 4 of"), TIMEOUT,
               "one step on")
    assert exceptions(driver) == []


_PHONE_JS = """
const views = [...document.querySelectorAll('[data-testid="stButtonGroup"] button')];
const width = window.innerWidth;
return {views: views.map(b => b.textContent.trim()),
        hidden: views.filter(b => { const r = b.getBoundingClientRect();
                                    return r.left < 0 || r.right > width + 1; })
                     .map(b => b.textContent.trim()),
        overflow: document.querySelector('[data-testid="stMain"]').scrollWidth > width + 1};
"""


# Where each of the player's parts starts and ends, and the page's width.
_PLAYER_ROW_JS = """
const parts = [...document.querySelector('.st-key-player').children]
  .map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
return {width: window.innerWidth, parts: parts.length,
        wrapped: parts.filter(r => r.top >= Math.min(...parts.map(p => p.bottom))).length,
        right: Math.max(...parts.map(r => r.right))};
"""


@pytest.mark.parametrize("language", ["en-US", "zh-CN"])
def test_on_a_phone_the_players_counter_and_steps_share_one_line(browser, server, language):
    with chromium_driver(browser, language=language) as driver:
        phone_viewport(driver)
        driver.get(server.url + BELL_PATH)
        wait_idle(driver, TIMEOUT, min_charts=1)
        # The counter, Reset, -1, Play and +1, none on a line of its own, none cut off.
        row = driver.execute_script(_PLAYER_ROW_JS)
        assert row == {"width": 390, "parts": 5, "wrapped": 0, "right": row["right"]}, row
        assert row["right"] <= 390, row


# The player's parts (the counter, then its buttons) as [left, right], the counter's value and
# the primary button's label (Play or Pause).
_PLAYER_PLACES_JS = """
const row = document.querySelector('.st-key-player');
if (!row) return null;
const parts = [...row.children].map(e => e.getBoundingClientRect()).filter(r => r.width > 0)
  .map(r => [Math.round(r.left * 2) / 2, Math.round(r.right * 2) / 2]);
const value = row.querySelector('[data-testid="stMetricValue"]');
const toggle = row.querySelector('[data-testid="stBaseButton-primary"]');
return {parts: parts, counter: value ? value.textContent : null,
        toggle: toggle ? toggle.textContent.trim() : null};
"""


@pytest.mark.parametrize(("width", "language", "present"),
                         [(1366, "en-US", 0), (390, "en-US", 0), (390, "zh-CN", 0),
                          (1366, "zh-CN", 1)],
                         ids=["desktop", "phone", "phone-zh", "present-zh"])
def test_the_players_buttons_keep_their_places_while_it_plays(browser, server, width, language,
                                                               present):
    with chromium_driver(browser, language=language) as driver:
        set_viewport(driver, width, 844)
        places = lambda: driver.execute_script(_PLAYER_PLACES_JS)  # noqa: E731
        driver.get(server.url + BELL_PATH + f"?g=100&at=1&present={present}")
        wait_idle(driver, TIMEOUT, min_charts=1)
        first = places()
        assert first["counter"].replace(" ", "") in ("1of100", "第1代/共100代", "1/100"), first
        play = first["toggle"]
        driver.execute_script("document.querySelector('.st-key-player "
                              "[data-testid=\"stBaseButton-primary\"]').click()")
        # Drawn whole (a rerun of the page draws its parts one by one) and playing.
        playing = wait_until(lambda: (now := places()) and now["toggle"] != play
                             and now["counter"] and len(now["parts"]) == len(first["parts"])
                             and now, TIMEOUT, "Play to become Pause")
        driver.execute_script("document.querySelector('.st-key-player "
                              "[data-testid=\"stBaseButton-primary\"]').click()")
        wait_until(lambda: (now := places()) and now["toggle"] == play, TIMEOUT, "Pause again")
        driver.get(server.url + BELL_PATH + f"?g=100&present={present}")  # the last generation
        wait_idle(driver, TIMEOUT, min_charts=1)
        last = places()
        assert last["counter"].replace(" ", "") in ("100of100", "第100代/共100代", "100/100"), last
        # Every part starts and ends where it did at generation 1 (half-pixel rounding).
        assert playing["parts"] == first["parts"] == last["parts"], (first, playing, last)
        assert exceptions(driver) == []


@pytest.mark.parametrize("path", EXPERIMENT_PAGES + ("compare", "phase", FILTER_PATH))
def test_on_a_phone_every_view_is_reachable_and_nothing_is_cut_off(driver, server, path):
    phone_viewport(driver)
    driver.get(server.url + path)
    wait_idle(driver, TIMEOUT)
    layout = driver.execute_script(_PHONE_JS)
    assert len(layout["views"]) >= 2, layout
    assert layout["hidden"] == [] and not layout["overflow"], layout
    assert "Pages and language" in driver.execute_script(
        "return getComputedStyle(document.querySelector("
        "'[data-testid=\"stExpandSidebarButton\"]'), '::after').content")


# The neural page's walls of inventions: how many dots, how many start a line, and how many
# items (the text between two "\u00a0· " separators) are split across two lines.
_WALL_JS = """
const walls = [...document.querySelectorAll('[data-testid="stMarkdownContainer"] p')]
  .filter(p => p.textContent.includes('\\u00a0· '));
let dots = 0, starting = 0, items = 0, split = 0;
for (const p of walls) {
  const left = p.getBoundingClientRect().left, node = p.firstChild, text = node.textContent;
  const top = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                     const box = r.getBoundingClientRect(); return [box.left, box.top]; };
  let start = 0;
  for (const item of text.split('\\u00a0· ')) {
    const tops = new Set();
    for (let i = start; i < start + item.length; i++) {
      if (text[i] !== '\\u2060') tops.add(Math.round(top(i)[1]));
    }
    items++; split += tops.size > 1;
    start += item.length + 3;
    if (start - 2 < text.length) { dots++; starting += top(start - 2)[0] - left < 2; }
  }
}
return {walls: walls.length, dots, starting, items, split};
"""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_on_a_phone_a_wall_breaks_only_after_its_dots(driver, server, language):
    # Each item stays whole on its line with the dot after it: no line starts with a dot, and
    # no Chinese word is split between two lines.
    phone_viewport(driver)
    driver.get(server.url + f"neural?g=2&n=100&lang={language}")
    heading = "Generation 2" if language == "en" else "第 2 代"
    wait_until(lambda: heading in markdown_text(driver), TIMEOUT, heading)
    wait_idle(driver, TIMEOUT)
    wall = driver.execute_script(_WALL_JS)
    assert wall["walls"] == 2 and wall["items"] == 80, wall
    assert wall["dots"] == 78 and wall["starting"] == 0 and wall["split"] == 0, wall


# The phase map's colour bar and its title, as boxes [left, top, right, bottom].
_COLOUR_BAR_JS = """
const chart = document.querySelector('[data-testid="stPlotlyChart"]');
const box = e => { const r = e.getBoundingClientRect();
                   return [r.left, r.top, r.right, r.bottom]; };
return {chart: box(chart), bar: box(chart.querySelector('.colorbar .cbfills')),
        title: box(chart.querySelector('.colorbar .cbtitle text'))};
"""


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_the_maps_colour_bar_title_stands_clear_of_the_bar(driver, server, width):
    set_viewport(driver, width, 844)
    driver.get(server.url + "phase")
    wait_idle(driver, TIMEOUT, min_charts=1)
    boxes = driver.execute_script(_COLOUR_BAR_JS)
    bar, title, chart = boxes["bar"], boxes["title"], boxes["chart"]
    apart = (title[1] >= bar[3] or title[3] <= bar[1] or title[0] >= bar[2]
             or title[2] <= bar[0])
    assert apart, boxes
    assert chart[0] <= title[0] and title[2] <= chart[2] and title[3] <= chart[3] + 1, boxes


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_a_generations_axis_shows_its_last_tick(driver, server, width):
    # Bell's Spread view over 100 generations: "100", at the chart's right edge, is drawn.
    set_viewport(driver, width, 844)
    driver.get(server.url + BELL_PATH + "?v=Spread")
    wait_idle(driver, TIMEOUT, min_charts=1)
    ticks = driver.execute_script(_VISIBLE_X_TICKS_JS)
    assert "100" in ticks, ticks


_LESSON_LINKS_JS = """
const home = document.querySelector('.st-key-lesson-home');
const page = [...document.querySelectorAll('[data-testid="stPageLink"]')]
    .find(link => link.textContent.includes('Three groups, at generation 0'));
if (!home || !page) return null;
const look = element => {
    const text = element.querySelector('p'), style = getComputedStyle(text);
    return {height: Math.round(element.getBoundingClientRect().height),
            size: style.fontSize, colour: style.color,
            underline: getComputedStyle(element.querySelector('a')).textDecorationLine};
};
return {home: look(home), page: look(page)};
"""


def test_the_lessons_home_link_looks_like_its_other_links(driver, server):
    # Home's is a markdown link (a page link to the default page opens a wrong address in a
    # new tab), styled to look like the page links of the other steps.
    driver.get(server.url + "about")
    wait_idle(driver, TIMEOUT)
    looks = wait_until(lambda: driver.execute_script(_LESSON_LINKS_JS), TIMEOUT,
                       "the lesson's links")
    assert looks["home"] == looks["page"], looks


def test_a_link_is_the_whole_view_after_any_moves(browser, driver, server):
    driver.get(server.url + "digits?g=20")
    wait_idle(driver, TIMEOUT)
    press(driver, slider_thumb(driver, "Generations"), *[Keys.ARROW_RIGHT] * 3)  # 20 -> 23
    wait_until(lambda: counter(driver) == "23 of 23", TIMEOUT, "23 generations")
    click_button(driver, "−1")
    wait_until(lambda: counter(driver) == "22 of 23", TIMEOUT, "a step back")
    press(driver, slider_thumb(driver, "Generations"), Keys.ARROW_RIGHT)  # 24: stays on 22
    wait_until(lambda: counter(driver) == "22 of 24", TIMEOUT, "the picked generation kept")
    click_button(driver, "Digit mix")
    wait_idle(driver, TIMEOUT, min_charts=1)
    click_button(driver, "Watch the digits fade")
    wait_until(lambda: counter(driver) == "22 of 24", TIMEOUT, "the images' view again")
    wait_idle(driver, TIMEOUT)
    seen = _view(driver)
    with chromium_driver(browser) as other:
        other.get(driver.current_url)
        wait_idle(other, TIMEOUT)
        assert _view(other) == seen, driver.current_url


def _view(driver) -> tuple:
    """What a reader sees: the text, the counter, the images and the charts' drawings."""
    images = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
        ".map(i => i.naturalWidth + 'x' + i.naturalHeight + ':' + i.alt)")
    return markdown_text(driver), counter(driver), images, chart_paths(driver)


# --- both languages ---------------------------------------------------------------------------

LANGUAGE_SWITCH = "Language · 语言"  # the switch's label, the same in both languages
CJK = re.compile(r"[\u4e00-\u9fff]")
_NAV_TITLES_JS = """
return [...document.querySelectorAll('[data-testid="stSidebarNav"] a '
                                     + '[data-testid="stMarkdownContainer"]')]
  .map(e => e.textContent.trim());
"""
_AXIS_TITLES_JS = """
return [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg text')]
  .filter(t => /^[xy]\\d*title$/.test(t.getAttribute('class'))).map(t => t.textContent);
"""


def nav_titles(driver) -> list[str]:
    """The navigation's page titles as drawn (without their icons' names)."""
    return driver.execute_script(_NAV_TITLES_JS)


def axis_titles(driver) -> list[str]:
    """The axis titles of the drawn charts, read from their SVG text."""
    return driver.execute_script(_AXIS_TITLES_JS)


def in_chinese(english: list[str]) -> list[str]:
    """Texts as the Chinese catalogue translates them."""
    from ui.i18n import catalogue

    return [catalogue("zh").gettext(text) for text in english]


def link_language(driver) -> list[str] | None:
    """The `lang` values of the address bar's link."""
    return parse_qs(urlsplit(driver.current_url).query).get("lang")


def switch_language(driver, name: str) -> None:
    """Click `name` (English or 中文) in the sidebar's language switch, as a reader does."""
    group = driver.find_element(
        By.CSS_SELECTOR, f'[data-testid="stSidebar"] [role="radiogroup"]'
                         f'[aria-label="{LANGUAGE_SWITCH}"]')
    option = next(o for o in group.find_elements(By.CSS_SELECTOR,
                                                 '[data-testid="stRadioOption"]')
                  if o.text == name)
    option.click()


def document_language(driver) -> str:
    """The page's `<html lang>`: the browser draws Chinese in Chinese glyph forms by it."""
    return driver.execute_script("return document.documentElement.lang")


def chosen_language(driver) -> str:
    """The option the language switch shows as selected."""
    return driver.execute_script(
        "return document.querySelector('[data-testid=\"stSidebar\"] "
        "[data-testid=\"stRadioOption\"][data-selected=\"true\"]').textContent.trim()")


def test_the_language_switch_turns_the_page_chinese_and_its_link_opens_in_chinese(
        browser, driver, server):
    open_home(driver, server)
    go_to(driver, server.url + BELL_PATH)
    wait_idle(driver, TIMEOUT, min_charts=1)
    english_nav, english_axes = nav_titles(driver), axis_titles(driver)
    assert "Bell curves & mixtures" in english_nav and english_axes, (english_nav, english_axes)
    assert link_language(driver) == ["en"]
    chinese_nav, chinese_axes = in_chinese(english_nav), in_chinese(english_axes)
    assert all(CJK.search(t) for t in chinese_nav + chinese_axes), (chinese_nav, chinese_axes)

    switch_language(driver, "中文")
    wait_until(lambda: nav_titles(driver) == chinese_nav, TIMEOUT, "a Chinese navigation")
    wait_idle(driver, TIMEOUT, min_charts=1)
    assert axis_titles(driver) == chinese_axes  # drawn by the browser, in the chart's SVG
    assert document_language(driver) == "zh-CN"
    heading = driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] h1').text
    assert heading == in_chinese(["Bell curves & mixtures"])[0], heading
    assert link_language(driver) == ["zh"], driver.current_url
    link = driver.current_url
    assert exceptions(driver) == [] and console_errors(driver) == []

    # Another page through the navigation: still Chinese, and its link still says so.
    go_to(driver, server.url + "text")
    assert nav_titles(driver) == chinese_nav and chosen_language(driver) == "中文"
    assert link_language(driver) == ["zh"], driver.current_url

    # The link in a brand-new browser (fresh profile) that asks for English: the link decides.
    with chromium_driver(browser, language="en-US") as other:
        other.get(link)
        wait_idle(other, TIMEOUT, min_charts=1)
        assert nav_titles(other) == chinese_nav and chosen_language(other) == "中文"
        assert axis_titles(other) == chinese_axes and document_language(other) == "zh-CN"
        assert other.title == in_chinese(["AI Entropy Lab"])[0]  # the browser tab
        assert link_language(other) == ["zh"], other.current_url
        assert exceptions(other) == []
        assert console_errors(other, ignore=known_cold_subpath_404s(BELL_PATH)) == []


def test_a_chinese_link_switched_to_english_opens_in_english_in_a_chinese_browser(browser,
                                                                                  server):
    with chromium_driver(browser, language="zh-CN") as driver:
        driver.get(server.url + "?lang=zh")
        wait_idle(driver, TIMEOUT, min_charts=1)
        chinese_nav, chinese_axes = nav_titles(driver), axis_titles(driver)
        assert CJK.search("".join(chinese_nav)) and all(CJK.search(t) for t in chinese_axes), \
            (chinese_nav, chinese_axes)
        switch_language(driver, "English")
        wait_until(lambda: not CJK.search("".join(nav_titles(driver))), TIMEOUT,
                   "an English navigation")
        wait_idle(driver, TIMEOUT, min_charts=1)
        english_nav, english_axes = nav_titles(driver), axis_titles(driver)
        assert in_chinese(english_nav) == chinese_nav and in_chinese(english_axes) == chinese_axes
        assert document_language(driver) == "en"
        assert link_language(driver) == ["en"], driver.current_url
        link = driver.current_url

    # The same browser language without `lang` in the link: Chinese, and the link says so.
    with chromium_driver(browser, language="zh-CN") as other:
        other.get(server.url)
        wait_idle(other, TIMEOUT, min_charts=1)
        assert nav_titles(other) == chinese_nav
        wait_until(lambda: link_language(other) == ["zh"], TIMEOUT, "lang=zh in the link")
        # ... but a link that names English opens in English.
        other.get(link)
        wait_idle(other, TIMEOUT, min_charts=1)
        assert nav_titles(other) == english_nav and axis_titles(other) == english_axes
        assert chosen_language(other) == "English" and link_language(other) == ["en"]
        assert exceptions(other) == [] and console_errors(other) == []


# --- the first screen -------------------------------------------------------------------------

# Whether the page still says it shows a first answer (the notice's hourglass, in Streamlit's
# icon font: a ligature, its name as the text; in an alert or in a markdown verdict).
_WAITING_JS = """
return [...document.querySelectorAll(
    '[data-testid="stAlertDynamicIcon"], [data-testid="stIconMaterial"]')]
    .some(icon => icon.textContent.includes('hourglass_top'));
"""

# The main chart (a plotly chart, or the digits' pictures) and what lies above its top: the
# controls a reader could press and the words they would read first. The sidebar is left out:
# it holds only the pages and the language switch (and is closed on a phone).
_ABOVE_THE_CHART_JS = """
const main = document.querySelector('[data-testid="stMain"]');
const chart = main.querySelector('[data-testid="stPlotlyChart"], [data-testid="stImage"]');
if (!chart) return null;
const top = chart.getBoundingClientRect().top;
const r = chart.getBoundingClientRect();
// A visually hidden input (a toggle's, a radio's) is where its label is.
const seen = e => { const b = (e.closest('label') || e).getBoundingClientRect();
                    return b.height > 0 && b.width > 0 && b.bottom <= top + 1; };
const CONTROL = 'button, input:not([type="hidden"]), select, textarea, [role="slider"], '
  + '[role="switch"], [role="tab"], [role="radio"], [role="combobox"]';
const controls = [...main.querySelectorAll(CONTROL)]
  .filter(e => !e.parentElement.closest(CONTROL))  // a control inside another counts once
  .filter(seen);
const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
const texts = [];
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  // An icon's ligature name ("play_arrow") is drawn as an icon, not read as words.
  if (!n.textContent.trim()
      || n.parentElement.closest('style, script, [data-testid="stIconMaterial"]')) continue;
  const range = document.createRange(); range.selectNodeContents(n);
  const b = range.getBoundingClientRect();
  if (b.height > 0 && b.bottom <= top + 1) texts.push(n.textContent);
}
return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
        width: window.innerWidth, height: window.innerHeight,
        controls: controls.map(e => e.getAttribute('aria-label') || e.textContent.trim()
                                    || e.tagName),
        text: texts.join(' ')};
"""
FIRST_SCREEN_PAGES = ("", BELL_PATH, "smoothing", "text", "compare", FILTER_PATH, "phase",
                      "digits", "hiring", "neural")
MAX_CONTROLS, MAX_WORDS = 15, 60
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def word_count(text: str) -> int:
    """Words in English; in Chinese, which has no spaces, two characters count as a word (the
    average length of a modern Chinese word)."""
    chinese = sum((len(run) + 1) // 2 for run in CJK_RUN.findall(text))
    return chinese + len(re.findall(r"[^\W\d_]+|\d+", CJK_RUN.sub(" ", text)))


@pytest.mark.parametrize("language", ["en-US", "zh-CN"])
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)],
                         ids=["projector", "phone"])
def test_every_page_opens_on_its_chart_with_few_controls_and_words_above_it(
        browser, server, width, height, language):
    with chromium_driver(browser, language=language) as driver:
        set_viewport(driver, width, height)
        for path in FIRST_SCREEN_PAGES:
            driver.get(server.url + path)
            # The page as a class sees it once its answer is whole: on a busy machine a first
            # answer carries a notice above the chart until the rest fills in by itself. (First
            # the page's first run, drawn: before it, the page has no notice yet.)
            wait_idle(driver, TIMEOUT)
            wait_until(lambda: driver.find_elements(By.TAG_NAME, "h1") and not
                       driver.execute_script(_WAITING_JS),
                       3 * TIMEOUT, f"the whole answer of /{path}")
            wait_idle(driver, TIMEOUT)
            first = wait_until(lambda: driver.execute_script(_ABOVE_THE_CHART_JS), TIMEOUT,
                               f"the main chart of /{path}")
            where = f"/{path} at {width}x{height} in {language}: {first}"
            assert exceptions(driver) == [], where
            assert first["top"] >= 0 and first["bottom"] <= first["height"] + 1, where
            assert first["left"] >= 0 and first["right"] <= first["width"] + 1, where
            words = word_count(first["text"])
            print(f"/{path} {width}x{height} {language}: {len(first['controls'])} controls, "
                  f"{words} words above the chart")  # shown with -s: the counts to report
            assert len(first["controls"]) <= MAX_CONTROLS, where
            assert words <= MAX_WORDS, where
            if language == "zh-CN":
                assert CJK.search(first["text"]), where  # the page is in Chinese


# --- colour contrast (WCAG 2.1 AA, checked by axe-core) ---------------------------------------

AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # .ci/run installs it
_CONTRAST_JS = """
const done = arguments[arguments.length - 1];
axe.run(document.querySelector('[data-testid="stMain"]'),
        {runOnly: {type: 'rule', values: ['color-contrast']}})
  .then(r => done(r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': '
                                                          + n.failureSummary))))
  .catch(e => done(['axe failed: ' + e]));
"""


def axe_source() -> str:
    """axe-core's script; skips without it, but fails under CI=true (where .ci/run installs
    it)."""
    import os

    if not AXE.is_file():
        reason = f"no axe-core at {AXE} (npm install --prefix .ci/node axe-core)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return AXE.read_text()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_page_passes_wcag_colour_contrast_in_both_themes(browser, server, dark):
    axe = axe_source()
    with chromium_driver(browser, dark=dark) as driver:
        driver.set_script_timeout(60)
        for path in (*FIRST_SCREEN_PAGES, "about"):
            driver.get(server.url + path)
            wait_idle(driver, TIMEOUT)
            theme = driver.execute_script(
                "return getComputedStyle(document.querySelector('.stApp')).backgroundColor")
            assert (theme != "rgb(255, 255, 255)") == dark, theme  # the theme asked for
            driver.execute_script(axe)
            assert driver.execute_async_script(_CONTRAST_JS) == [], f"/{path}"
