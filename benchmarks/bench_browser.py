"""How fast the app answers in a real browser, next to the floor Streamlit itself sets.

One run, headless Chromium, two `streamlit run` servers: the app, and a trivial app with one
slider and one tiny plotly chart (written to a temporary directory). For each experiment
page in PAGES and for the trivial app it measures, in the page's own clock:

- slider change: from the key press (a keydown listener on the slider) to the moment the
  main text or a chart's SVG has changed AND Streamlit is idle again (not running, nothing
  stale, every chart drawn), held for SETTLE_MS. Median of REPEATS presses to values not
  seen before (the app computes), then REPEATS presses back to values already seen (the
  app's st.cache_data answers). Each page's floor is the trivial app measured just before
  and just after it, pooled: the shared machine's speed drifts during a run.
- cold load: a fresh browser (new profile) opens the page's link; time from navigation
  start to the first drawn chart, or the page's main content where its first view has no
  chart (a MutationObserver installed before any page script), and
  to idle with every chart drawn. The first visit (server cache empty) is shown apart.
- first visit on a fresh server (--first-visits S): S times, a new server for the app and
  for the trivial app, and each page's link opened in a fresh browser: time from navigation
  to the first drawn chart, then once more in another fresh browser (the page cached).
- slider -> chart's data: from the key press to the first change of the chart's data (its
  paths, images and text; a page whose first view has no chart: its pictures, else its text).

Chinese pages (`lang=zh`) are measured like the others, and then once more against their
English twin for the zh/en ratio of slider -> chart (target: Chinese within 10% of English):
both pages open side by side, in two browsers, and their presses alternate (English, Chinese,
English, ...), so the machine's drift falls on both alike. Each runs its own seed, unused
before in the run: the simulations' caches do not depend on the language, so with one seed
the second page would find every "new" value already computed by the first.

Run: python benchmarks/bench_browser.py [--repeats 7] [--pages bell text ...]
         [--first-visits 3] [--only first-visit slider cold language]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (  # noqa: E402
    StreamlitServer,
    chromium_driver,
    click_nav,
    find_browser,
    slider_thumb,
    wait_idle,
    wait_until,
)
from selenium.webdriver.common.keys import Keys  # noqa: E402

sys.path.insert(0, str(ROOT))
from ui.i18n import catalogue  # noqa: E402

CHART = '[data-testid="stPlotlyChart"] .main-svg'


@dataclass(frozen=True)
class Page:
    """An experiment page: its URL path (and link values), and the slider whose change we
    time, or "+1": the player's step (present mode, where the settings are folded away)."""

    title: str
    path: str  # url_path in app.py ("" is the home page)
    slider: str = "Generations"
    charts: int = 1  # at least this many drawn charts before measuring (and all must be drawn)
    first: str = CHART  # CSS selector of the main content, whose first drawing cold loads time
    query: str = ""  # link values, e.g. "lang=zh"
    english: str = ""  # a translated page: the title of the English page it is compared with

    @property
    def slider_label(self) -> str:
        """The slider's label as the page shows it, in the link's language."""
        language = parse_qs(self.query).get("lang", ["en"])[-1]
        return catalogue(language).gettext(self.slider)


TEXT_FIRST = '[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong'
# One line per experiment page; add a page here when it lands.
PAGES = (
    Page("Bell curves", "bell"),
    Page("Bell, 中文", "bell", query="lang=zh&seed=1", english="Bell curves"),
    Page("Bell, present", "bell", slider="+1", query="present=1&at=0"),
    Page("Smoothing", "smoothing"),
    # The first view of these pages is writing or images, not a chart.
    Page("Text", "text", charts=0, first=TEXT_FIRST),
    # A Chinese reader's text page starts on the Chinese corpus; on the English one (KJV)
    # only the language differs from the English page.
    Page("Text, 中文", "text", charts=0, first=TEXT_FIRST, query="lang=zh&seed=1",
         english="Text"),
    Page("Text, 中文, KJV", "text", charts=0, first=TEXT_FIRST, query="lang=zh&c=kjv&seed=1",
         english="Text"),
    Page("Compare", "compare"),
    Page("Filter", "filter"),
    Page("Phase", "phase"),
    Page("Handwritten digits", "digits", charts=0, first='[data-testid="stMain"] '
         '[data-testid="stImage"] img'),
)
COLD_EXTRA = (Page("Home", "", charts=1),)  # cold load only: the landing page
REPEATS = 7
FIRST_PAIR_SEED = 101  # pair i: English FIRST_PAIR_SEED + 2i, translated +1 (unused before)
SETTLE_MS = 300
TIMEOUT_S = 120
TARGET_RATIO = 1.5
TARGET_FIRST_VISIT = 1.3  # first chart on a fresh server, against the trivial app's
TARGET_CACHED = 1.1  # first chart of a page the server has shown before
TARGET_REDRAW = 2.0  # slider -> first change of the chart's data
FIRST_VISITS = 3
TARGET_LANGUAGE_RATIO = 1.1  # Chinese / English, slider -> chart, same run

TRIVIAL_APP = textwrap.dedent('''
    import plotly.graph_objects as go
    import streamlit as st

    value = st.slider("Generations", 1, 200, 100)
    figure = go.Figure(go.Scatter(x=[0, 1, 2], y=[0, value, 0], mode="lines"))
    figure.update_layout(height=300, yaxis=dict(range=[0, 200]))
    st.plotly_chart(figure, width="stretch")
    st.markdown(f"The value is {value}.")
''')

# Everything the reader sees change: the main area's text and the path data of every chart.
_SIGNATURE_JS = """
function signature() {
  const main = document.querySelector('[data-testid="stMain"]');
  const text = main ? main.textContent : '';  // textContent: no forced layout
  const paths = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg path')]
    .map(p => p.getAttribute('d')).join('|');
  return text + '#' + paths;
}
// The chart's data: every chart's paths, images (a heatmap) and text; where the page shows
// no chart, its pictures; where it has neither, the main area's text. null while a chart is
// being redrawn (Streamlit mounts a new chart for new data: its drawing comes a moment later).
function chartData() {
  const boxes = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')];
  if (charts.length < boxes.length) return null;
  if (charts.length) {
    return charts.map(svg => [...svg.querySelectorAll('path')].map(p => p.getAttribute('d'))
      .join('|') + [...svg.querySelectorAll('image')].map(i => i.getAttribute('href'))
      .join('|') + svg.textContent).join('#');
  }
  const images = [...document.querySelectorAll('[data-testid="stMain"] img')];
  if (images.length) return images.map(i => i.getAttribute('src')).join('|');
  const main = document.querySelector('[data-testid="stMain"]');
  return main ? main.textContent : '';
}
function idle() {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return charts.every(c => c.querySelector('.main-svg'));
}
"""

# The first moment (after the press) the chart's data differs from before it: looked at on
# every change of the page's tree under a chart or a picture, before the browser paints it.
_WATCH_JS = """
function watchChartData() {
  const baseline = chartData();
  window.__benchChart = null;
  if (window.__benchObserver) window.__benchObserver.disconnect();
  const observer = window.__benchObserver = new MutationObserver(records => {
    if (window.__benchT0 === null) return;
    const near = records.some(r => {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      return node && (node.closest('[data-testid="stPlotlyChart"]') || node.tagName === 'IMG'
        || node.querySelector('[data-testid="stPlotlyChart"], img'));
    });
    const now = near ? chartData() : null;
    if (now !== null && now !== baseline) {
      window.__benchChart = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {childList: true, subtree: true, attributes: true,
                              characterData: true});
}
"""

# Arm a keydown listener on the slider, remembering the page's signature before the press.
_ARM_JS = _SIGNATURE_JS + _WATCH_JS + """
window.__benchBaseline = signature();
window.__benchT0 = null;
watchChartData();
arguments[0].addEventListener('keydown', () => { window.__benchT0 = performance.now(); },
                              {once: true, capture: true});
"""

# After the press: the first moment the signature differs and the page is idle, provided it
# then stays idle and unchanged for SETTLE ms (a later change restarts the clock).
_WAIT_CHANGE_JS = _SIGNATURE_JS + """
const [settle, timeout, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const start = performance.now();
let since = null, seen = null;
(function tick() {
  const now = performance.now();
  // The signature is only read while idle: reading it costs the page time we are measuring.
  const sig = idle() ? signature() : null;
  if (sig !== null && sig !== window.__benchBaseline) {
    if (since === null || sig !== seen) { since = now; seen = sig; }
    if (now - since >= settle) {
      return done({ms: since - window.__benchT0, pressed: window.__benchT0 !== null,
                   chart: window.__benchChart === null ? null
                          : window.__benchChart - window.__benchT0});
    }
  } else {
    since = null;
  }
  if (now - start > timeout) return done({error: 'no change / not idle'});
  setTimeout(tick, 5);
})();
"""

# Installed before any page script: the time the page's main content (`__FIRST__`) is drawn.
_FIRST_CHART_JS = """
window.__firstChart = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('__FIRST__')) {
    window.__firstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""

_WAIT_IDLE_JS = _SIGNATURE_JS + """
const [settle, minCharts, timeout, done] = [arguments[0], arguments[1], arguments[2],
                                            arguments[arguments.length - 1]];
const start = performance.now();
let since = null;
(function tick() {
  const now = performance.now();
  const drawn = document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length;
  if (idle() && drawn >= minCharts) {
    since = since === null ? now : since;
    if (now - since >= settle) return done({idle: since, first: window.__firstChart});
  } else {
    since = null;
  }
  if (now - start > timeout) {
    const app = document.querySelector('[data-testid="stApp"]');
    return done({error: 'not idle', script: app && app.getAttribute('data-test-script-state'),
                 charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
                 drawn: drawn, stale: document.querySelectorAll('[data-stale="true"]').length,
                 skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length});
  }
  setTimeout(tick, 5);
})();
"""


# A click on the button labelled arguments[0], timed like a key press on a slider.
_CLICK_JS = _SIGNATURE_JS + _WATCH_JS + """
const button = [...document.querySelectorAll('button')]
  .find(b => b.textContent.trim().endsWith(arguments[0]));
window.__benchBaseline = signature();
window.__benchT0 = null;
watchChartData();
window.__benchT0 = performance.now();
button.click();
"""


def time_slider_changes(driver, slider: str, key: str, repeats: int
                        ) -> tuple[list[float], list[float]]:
    """Seconds from each of `repeats` key presses on `slider` (or clicks on the step button
    "+1" or "−1") to the updated, idle page, and to the first change of the chart's data
    (a press after which it did not change is left out of the second list)."""
    idle, chart = [], []
    for _ in range(repeats):
        if slider == "+1":
            driver.execute_script(_CLICK_JS, "+1" if key == Keys.ARROW_RIGHT else "−1")
        else:
            thumb = slider_thumb(driver, slider)
            driver.execute_script(_ARM_JS, thumb)
            driver.execute_script("arguments[0].focus()", thumb)
            thumb.send_keys(key)
        result = driver.execute_async_script(_WAIT_CHANGE_JS, SETTLE_MS, TIMEOUT_S * 1000)
        if "error" in result or not result["pressed"]:
            raise RuntimeError(f"slider {slider!r}: {result}")
        idle.append(result["ms"] / 1000)
        if result["chart"] is not None:
            chart.append(result["chart"] / 1000)
    return idle, chart


def measure_changes(browser, url: str, page: Page, repeats: int) -> dict[str, list[float]]:
    """Slider timings on one page: new values (leftwards), then values seen before (a step
    button: onwards to generations not drawn yet, then back); to the idle page ("new",
    "seen") and to the first change of the chart's data ("new chart", "seen chart")."""
    with chromium_driver(browser) as driver:
        open_page(driver, url, page)
        onwards, back = directions(page)
        new, new_chart = time_slider_changes(driver, page.slider_label, onwards, repeats)
        seen, seen_chart = time_slider_changes(driver, page.slider_label, back, repeats)
    return {"new": new, "seen": seen, "new chart": new_chart, "seen chart": seen_chart}


def open_page(driver, url: str, page: Page) -> None:
    """Load / and then the page: its link as it is, or (without one) through the navigation,
    as a reader does; wait until it is idle with its charts drawn."""
    driver.set_script_timeout(TIMEOUT_S + 30)
    driver.get(url)
    wait_idle(driver, TIMEOUT_S)
    if page.query:  # a shared link, opened as it is
        driver.get(f"{url}{page.path}?{page.query}")
    elif page.path:
        href = url + page.path
        click_nav(driver, href)
        wait_until(lambda: driver.current_url.split("?")[0] == href, TIMEOUT_S, href)
    wait_idle(driver, TIMEOUT_S, min_charts=page.charts)


def directions(page: Page) -> tuple[str, str]:
    """The keys to new values and back to values seen before."""
    return ((Keys.ARROW_RIGHT, Keys.ARROW_LEFT) if page.slider == "+1"
            else (Keys.ARROW_LEFT, Keys.ARROW_RIGHT))


def with_link(page: Page, **values) -> Page:
    """The page with these values in its link (replacing any it had)."""
    query = dict(parse_qsl(page.query))
    query.update({key: str(value) for key, value in values.items()})
    return replace(page, query=urlencode(query))


def measure_pair(browser, url: str, english: Page, page: Page, repeats: int,
                 seed: int) -> dict[str, tuple[list[float], list[float]]]:
    """Slider timings of a translated page and its English twin, open side by side in two
    browsers, their presses alternating (and which of them goes first), with the seeds `seed`
    (English) and `seed + 1`: {"new" | "seen": (English seconds, the page's seconds)}."""
    twins = (with_link(english, lang="en", seed=seed), with_link(page, seed=seed + 1))
    times = {"new": ([], []), "seen": ([], [])}
    with chromium_driver(browser) as first, chromium_driver(browser) as second:
        drivers = (first, second)
        for driver, twin in zip(drivers, twins, strict=True):
            open_page(driver, url, twin)
        pairs = list(zip(drivers, twins, strict=True))
        for kind, key in zip(("new", "seen"), directions(page), strict=True):
            for repeat in range(repeats):
                # Which goes first alternates: a press may leave the server busy a moment.
                for driver, twin in pairs[::-1] if repeat % 2 else pairs:
                    times[kind][twin is twins[1]].extend(
                        time_slider_changes(driver, twin.slider_label, key, 1)[0])
    return times


def measure_cold(browser, url: str, page: Page, repeats: int) -> dict[str, list[float]]:
    """Cold loads of a page's link in fresh browsers; the first one separately."""
    first, idle = [], []
    for _ in range(repeats + 1):
        with chromium_driver(browser) as driver:
            driver.set_script_timeout(TIMEOUT_S + 30)
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                   {"source": _FIRST_CHART_JS.replace("__FIRST__", page.first)})
            driver.get(url + page.path + (f"?{page.query}" if page.query else ""))
            result = driver.execute_async_script(_WAIT_IDLE_JS, SETTLE_MS, page.charts,
                                                 TIMEOUT_S * 1000)
            if "error" in result or result["first"] is None:
                raise RuntimeError(f"cold load of {page.title}: {result}")
            first.append(result["first"] / 1000)
            idle.append(result["idle"] / 1000)
    return {"first visit": [first[0]], "first chart": first[1:], "idle": idle[1:]}


def measure_first_visits(browser, pages: tuple[Page, ...], samples: int, trivial_script: Path
                         ) -> dict[str, dict[str, list[float]]]:
    """Each page's first visit on a fresh server (a new server for every sample), then the
    same link in another fresh browser (the page cached), beside the trivial app's, in rounds:
    the trivial app, then every page, `samples` times, and the trivial app once more.
    {title: {"first visit": seconds, "cached": seconds}}, the trivial app under "".
    """
    times: dict[str, dict[str, list[float]]] = {}
    floor_page = Page("", "", charts=1)
    rounds = [(floor_page, *pages)] * samples + [(floor_page,)]
    for round_pages in rounds:
        for page in round_pages:
            script, cwd = (trivial_script, trivial_script.parent) if page is floor_page \
                else (ROOT / "app.py", ROOT)
            with StreamlitServer(script, cwd) as server:
                cold = measure_cold(browser, server.url, page, 1)
            sample = times.setdefault(page.title, {"first visit": [], "cached": []})
            sample["first visit"] += cold["first visit"]
            sample["cached"] += cold["first chart"]
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def pad(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


MEASURES = ("first-visit", "cold", "slider", "language")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--first-visits", type=int, default=FIRST_VISITS,
                        help="fresh servers per page for the first visit")
    parser.add_argument("--pages", nargs="+", metavar="PATH",
                        help="only these pages, by URL path (e.g. bell text); default: all")
    parser.add_argument("--only", nargs="+", choices=MEASURES, default=MEASURES,
                        help="only these measures; default: all")
    args = parser.parse_args()
    pages = tuple(p for p in PAGES if args.pages is None or p.path in args.pages)
    cold_extra = tuple(p for p in COLD_EXTRA if args.pages is None or p.path in args.pages)
    browser = find_browser()
    if browser is None:
        print("needs Debian's chromium and chromedriver (apt-get install chromium "
              "chromium-driver)", file=sys.stderr)
        return 2

    rows = []  # (measure, page, seconds, the floor's seconds, target ratio)
    pairs = {}  # translated page's title -> measure_pair's timings
    with tempfile.TemporaryDirectory(prefix="trivial-app-") as folder:
        trivial_script = Path(folder) / "trivial.py"
        trivial_script.write_text(TRIVIAL_APP)
        started = time.perf_counter()
        if "first-visit" in args.only:
            by_path = {p.path: p for p in reversed((*cold_extra, *pages))}  # a path's first
            visits = measure_first_visits(browser, tuple(reversed(by_path.values())),
                                          args.first_visits, trivial_script)
            floor = visits.pop("")
            for title, times in visits.items():
                rows.append(("first visit, fresh server -> chart", title,
                             times["first visit"], floor["first visit"], TARGET_FIRST_VISIT))
                rows.append(("cached page -> chart", title, times["cached"], floor["cached"],
                             TARGET_CACHED))
        with StreamlitServer(trivial_script, folder) as trivial, StreamlitServer() as app:
            floor_page = Page("trivial app", "", "Generations", charts=1)
            if "cold" in args.only:
                floor_cold = measure_cold(browser, trivial.url, floor_page, args.repeats)
                # Cold loads first, so that "first visit" finds the server's cache empty.
                for page in (*cold_extra, *pages):
                    cold = measure_cold(browser, app.url, page, args.repeats)
                    rows.append(("cold load -> first chart, first visit", page.title,
                                 cold["first visit"], floor_cold["first visit"], TARGET_RATIO))
                    rows.append(("cold load -> first chart", page.title, cold["first chart"],
                                 floor_cold["first chart"], TARGET_RATIO))
                    rows.append(("cold load -> idle, all charts", page.title, cold["idle"],
                                 floor_cold["idle"], TARGET_RATIO))
            if "slider" in args.only:
                # Each page between two floor measurements, pooled: the shared machine's speed
                # drifts over a run by more than the differences measured here.
                floor_change = measure_changes(browser, trivial.url, floor_page, args.repeats)
                for page in pages:
                    try:
                        change = measure_changes(browser, app.url, page, args.repeats)
                    except (LookupError, RuntimeError, TimeoutError) as error:
                        # One page's failure (e.g. a slider not found) keeps the others' numbers.
                        print(f"{page.title}: not measured ({error})", file=sys.stderr)
                        continue
                    after = measure_changes(browser, trivial.url, floor_page, args.repeats)
                    for kind in ("new", "seen"):
                        label = "new value" if kind == "new" else "value seen before"
                        rows.append((f"slider -> updated chart, {label}", page.title,
                                     change[kind], floor_change[kind] + after[kind],
                                     TARGET_RATIO))
                        rows.append((f"slider -> chart's data, {label}", page.title,
                                     change[f"{kind} chart"],
                                     floor_change[f"{kind} chart"] + after[f"{kind} chart"],
                                     TARGET_REDRAW))
                    floor_change = after
            if "language" in args.only:
                # Each translated page against its English twin, in the same run.
                by_title = {p.title: p for p in PAGES}
                for i, page in enumerate(p for p in pages if p.english):
                    pairs[page.title] = measure_pair(browser, app.url, by_title[page.english],
                                                     page, args.repeats,
                                                     FIRST_PAIR_SEED + 2 * i)
        elapsed = time.perf_counter() - started

    print(f"\nBrowser timings, median of {args.repeats} (first visit: 1 load; fresh server: "
          f"{args.first_visits} servers), headless Chromium, one run ({elapsed:.0f} s)")
    print("floor = the same measure on a one-slider, one-chart Streamlit app\n")
    header = f"{'measure':<40} {'page':<18} {'median':>8} {'min':>7} {'max':>7} " \
             f"{'floor':>7} {'ratio':>6}  target"
    print(header)
    print("-" * len(header))
    for measure, title, values, floor, target in rows:
        if not values:  # the chart's data never changed (a page without one)
            print(f"{measure:<40} {pad(title, 18)} {'-':>8}")
            continue
        ratio = median(values) / median(floor)
        verdict = "ok" if ratio <= target else "MISSED"
        print(f"{measure:<40} {pad(title, 18)} {median(values):>7.3f}s {min(values):>6.3f}s "
              f"{max(values):>6.3f}s {median(floor):>6.3f}s {ratio:>5.2f}x  "
              f"<= {target}x {verdict}")
    print_language_ratios(pages, pairs, args.repeats)
    return 0


def print_language_ratios(pages: tuple[Page, ...], pairs: dict, repeats: int) -> None:
    """Each translated page against its English twin (measure_pair): slider -> updated
    chart, the medians and their ratio."""
    if not pairs:
        return
    print(f"\nChinese vs English, slider -> updated chart, median of {repeats} presses each, "
          f"alternating in two browsers; target zh/en <= {TARGET_LANGUAGE_RATIO:.2f}\n")
    header = f"{'page':<16} {'vs':<12} {'value':<18} {'zh':>7} {'en':>7} {'zh/en':>6}  target"
    print(header)
    print("-" * len(header))
    for page in pages:
        if page.title not in pairs:
            continue
        for kind, label in (("new", "new value"), ("seen", "value seen before")):
            en, zh = pairs[page.title][kind]
            ratio = median(zh) / median(en)
            verdict = "ok" if ratio <= TARGET_LANGUAGE_RATIO else "MISSED"
            print(f"{pad(page.title, 16)} {page.english:<12} {label:<18} {median(zh):>6.3f}s "
                  f"{median(en):>6.3f}s {ratio:>6.2f}  {verdict}")


if __name__ == "__main__":
    sys.exit(main())
