"""Headless Chromium + a live `streamlit run`: the helpers the browser tests and benchmark share.

Selenium drives Debian's chromium through Debian's chromedriver (never a downloaded browser).
Streamlit marks its state on the root element: `[data-testid="stApp"]` carries
`data-test-script-state` ("running", "notRunning", "rerunRequested", ...) and
`data-test-connection-state` ("CONNECTED", ...). "Idle" below means: connected, script not
running, no running indicator in the status widget, no stale (greyed-out) element left over
from the previous run, and every plotly chart drawn (`.main-svg` present).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "chromedriver")
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--window-size=1400,1000",
)

APP = '[data-testid="stApp"]'
CHART = '[data-testid="stPlotlyChart"]'
CHART_DRAWN = '[data-testid="stPlotlyChart"] .main-svg'
EXCEPTION = '[data-testid="stException"]'
NAV_LINK = '[data-testid="stSidebarNav"] a'
SLIDER = '[data-testid="stSlider"]'
# Streamlit 1.67 (react-aria): the thumb is a visually hidden range input named by aria-label.
THUMB = 'input[type="range"]'

# One round trip in the page: the numbers `idle` needs, so a poll costs one WebDriver call.
_STATE_JS = """
const app = document.querySelector('[data-testid="stApp"]');
return {
  script: app ? app.getAttribute('data-test-script-state') : null,
  connection: app ? app.getAttribute('data-test-connection-state') : null,
  running: document.querySelectorAll('[data-testid="stStatusWidgetRunningIcon"]').length,
  stale: document.querySelectorAll('[data-stale="true"]').length,
  charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
  drawn: document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length,
  skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
};
"""


def find_browser() -> tuple[str, str] | None:
    """Paths of (chromium, chromedriver), or None when either is missing."""

    def first(candidates: tuple[str, ...]) -> str | None:
        for name in candidates:
            path = name if os.path.isabs(name) else shutil.which(name)
            if path and os.access(path, os.X_OK):
                return path
        return None

    chromium, driver = first(CHROMIUM_CANDIDATES), first(CHROMEDRIVER_CANDIDATES)
    return (chromium, driver) if chromium and driver else None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run <script>` in a subprocess (its own process group), killed on `stop`."""

    def __init__(self, script: Path | str = ROOT / "app.py", cwd: Path | str = ROOT,
                 port: int | None = None):
        self.script, self.cwd = Path(script), Path(cwd)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None
        handle, self._log_path = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
        os.close(handle)

    def start(self, timeout: float = 60) -> StreamlitServer:
        """Start the server and wait until `/_stcore/health` answers ok."""
        command = [sys.executable, "-m", "streamlit", "run", str(self.script),
                   "--server.headless", "true", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none"]
        with open(self._log_path, "wb") as log:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(command, cwd=self.cwd, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log()}")
            if self.healthy():
                return self
            time.sleep(0.2)
        printed = self.log()
        self.stop()
        raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{printed}")

    def healthy(self) -> bool:
        """Whether `/_stcore/health` answers ok."""
        try:
            with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as reply:
                return reply.status == 200 and reply.read().strip() == b"ok"
        except OSError:
            return False

    def log(self) -> str:
        """The last lines the server printed."""
        return Path(self._log_path).read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        """Terminate the server's process group (only the one this object started)."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        with contextlib.suppress(OSError):
            os.unlink(self._log_path)

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def chromium_driver(browser: tuple[str, str], language: str | None = None,
                    dark: bool = False) -> Iterator:
    """A fresh headless Chromium (its own temporary profile) with console logs captured;
    `language` (e.g. "zh-CN" or "en-US") is the language the browser asks pages for; `dark`
    asks pages for the dark colour scheme."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = browser
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = Options()
    options.binary_location = chromium
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if dark:
        options.add_argument("--force-dark-mode")
        options.add_argument("--blink-settings=preferredColorScheme=0")
    if language:
        options.add_argument(f"--lang={language}")
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


MIN_WINDOW_WIDTH = 500  # headless Chromium widens any narrower window to this


def phone_viewport(driver, width: int = 390, height: int = 844) -> None:
    """Lay pages out `width` px wide: headless Chromium keeps a window at least 500 px wide,
    so a phone's width is emulated."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def set_viewport(driver, width: int, height: int) -> None:
    """Lay pages out in a `width` x `height` px viewport: a window, or an emulated phone below
    the narrowest window headless Chromium makes."""
    if width < MIN_WINDOW_WIDTH:
        phone_viewport(driver, width, height)
    else:
        driver.set_window_size(width, height)


def page_state(driver) -> dict:
    """Streamlit's run state and the chart counts, read in one call."""
    return driver.execute_script(_STATE_JS)


def is_idle(state: dict) -> bool:
    """Connected, not running, nothing stale, every chart drawn (see the module docstring)."""
    return (state["script"] == "notRunning" and state["connection"] == "CONNECTED"
            and not state["running"] and not state["stale"] and not state["skeletons"]
            and state["drawn"] >= state["charts"])


def wait_until(predicate, timeout: float, what: str, poll: float = 0.02):
    """Poll `predicate()` until it returns something truthy; TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(poll)


def wait_idle(driver, timeout: float = 60, min_charts: int = 0, settle: float = 0.3) -> dict:
    """Wait until Streamlit is idle (and at least `min_charts` charts are drawn) for `settle` s.

    Idle must hold for `settle` seconds in a row: a widget change is sent a moment after the
    key press, so a single idle reading right after the press may still be the old state.
    """
    since = None

    def settled():
        nonlocal since
        state = page_state(driver)
        ok = is_idle(state) and state["drawn"] >= min_charts
        now = time.monotonic()
        if not ok:
            since = None
            return None
        since = since or now
        return state if now - since >= settle else None

    return wait_until(settled, timeout, f"Streamlit to be idle with {min_charts}+ charts")


def exceptions(driver) -> list[str]:
    """The texts of the exception boxes on the page."""
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, EXCEPTION)]


def console_errors(driver, ignore: tuple[str, ...] = ()) -> list[str]:
    """SEVERE browser console messages since the last call, minus those containing `ignore`."""
    entries = driver.get_log("browser")
    return [e["message"] for e in entries
            if e.get("level") == "SEVERE" and not any(s in e["message"] for s in ignore)]


def nav_links(driver) -> dict[str, str]:
    """The sidebar navigation: link text -> href."""
    from selenium.webdriver.common.by import By

    links = driver.find_elements(By.CSS_SELECTOR, NAV_LINK)
    return {a.get_attribute("textContent").strip(): a.get_attribute("href") for a in links}


def click_nav(driver, href: str) -> None:
    """Click the sidebar link that points to `href` (a script click works when collapsed)."""
    from selenium.webdriver.common.by import By

    for link in driver.find_elements(By.CSS_SELECTOR, NAV_LINK):
        if link.get_attribute("href") == href:
            driver.execute_script("arguments[0].click()", link)
            return
    raise LookupError(f"no navigation link to {href}")


def button_labels(driver) -> list[str]:
    """The labels of the page's buttons (an icon's name, if any, comes first)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('button')].map(b => b.textContent.trim())")


def click_button(driver, label: str) -> None:
    """Click the button labelled `label` (a page's view, or a player's control), in one call
    (a player that is playing redraws its buttons all the time)."""
    clicked = driver.execute_script(
        "const b = [...document.querySelectorAll('button')]"
        ".find(b => b.textContent.trim().endsWith(arguments[0]));"
        "if (b) b.click(); return !!b;", label)
    if not clicked:
        raise LookupError(f"no button labelled {label!r}")


_FOLD_JS = """
const fold = [...document.querySelectorAll('[data-testid="stExpander"]')]
  .find(f => f.querySelector('summary').textContent.trim().endsWith(arguments[0]));
if (!fold) return null;
if (arguments[1]) fold.querySelector('summary').click();
return fold.querySelectorAll(
  '[data-testid="stExpanderDetails"] [data-testid="stElementContainer"]').length;
"""


def fold_content(driver, label: str, click: bool = False) -> int:
    """How many elements the fold labelled `label` shows (after clicking its label, with
    `click`)."""
    count = driver.execute_script(_FOLD_JS, label, click)
    if count is None:
        raise LookupError(f"no fold labelled {label!r}")
    return count


def open_fold(driver, label: str, timeout: float) -> None:
    """Open the fold labelled `label` and wait until its content is drawn (a fold that is drawn
    only while open asks the server for it: a rerun)."""
    fold_content(driver, label, click=True)
    wait_until(lambda: fold_content(driver, label), timeout, f"the content of {label!r}")
    wait_idle(driver, timeout)  # all of it


def close_fold(driver, label: str, timeout: float) -> None:
    """Close the open fold labelled `label` and wait until the page has dropped its content."""
    fold_content(driver, label, click=True)
    wait_until(lambda: fold_content(driver, label) == 0, timeout, f"{label!r} to be empty")


def counter(driver) -> str | None:
    """What the player's generation counter shows ('37 of 100'), or None without a player."""
    return driver.execute_script(
        "const m = [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
        ".find(m => m.querySelector('[data-testid=\"stMetricLabel\"]').textContent.trim()"
        " === 'Generation');"
        "return m ? m.querySelector('[data-testid=\"stMetricValue\"]').textContent : null;")


def slider_thumb(driver, label: str):
    """The keyboard-operable thumb (hidden range input) of the slider labelled `label`."""
    from selenium.webdriver.common.by import By

    for thumb in driver.find_elements(By.CSS_SELECTOR, f"{SLIDER} {THUMB}"):
        if thumb.get_attribute("aria-label") == label:
            return thumb
    raise LookupError(f"no slider labelled {label!r}")


def slider_value(driver, label: str) -> str:
    """What the slider labelled `label` shows (its aria-valuetext, e.g. '100' or '0%')."""
    return slider_thumb(driver, label).get_attribute("aria-valuetext")


def press(driver, element, *keys, timeout: float = 30) -> None:
    """Focus `element` and send it `keys` (e.g. Keys.ARROW_LEFT), once the page lets it take
    them: a slider in a fold that has just opened is not interactable until the fold's opening
    has laid it out, which takes longer on a slower machine."""
    from selenium.common.exceptions import ElementNotInteractableException

    def sent():
        driver.execute_script("arguments[0].focus()", element)
        try:
            element.send_keys(*keys)
        except ElementNotInteractableException:
            return False
        return True

    wait_until(sent, timeout, "the element to take key presses", poll=0.1)


def chart_paths(driver, index: int = 0) -> str:
    """The SVG path data of one drawn plotly chart: changes whenever its traces change."""
    return driver.execute_script(
        "const c = document.querySelectorAll(arguments[0])[arguments[1]];"
        "if (!c) return null;"
        "return [...c.querySelectorAll('.main-svg path')].map(p => p.getAttribute('d'))"
        ".join('|');",
        CHART, index)


def markdown_text(driver) -> str:
    """All markdown text in the main area (the computed caption sentences live here)."""
    return driver.execute_script(
        "return [...document.querySelectorAll("
        "'[data-testid=\"stMain\"] [data-testid=\"stMarkdownContainer\"]')]"
        ".map(e => e.textContent).join('\\n');")
