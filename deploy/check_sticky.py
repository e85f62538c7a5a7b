"""Check in a real browser that every request of one tab reaches that tab's app process.

    python deploy/check_sticky.py --url http://127.0.0.1:8900/ --downloads 6

Headless Chromium (Debian's chromium and chromedriver, as the browser tests use), one
browser as one reader: it opens the Text page at URL and clicks "Download the numbers (CSV)"
--downloads times; each click asks the tab's process, over its WebSocket, to make the CSV,
which the browser then fetches from that process under /media/. Then it opens the Text page
on "Your own text" and uploads a short generated .txt file, a PUT to the process holding the
tab's session, and waits until the page uses it (its results and download button appear) or
refuses it. Through a proxy without sticky sessions some of these requests reach another
process, which does not know the session or the file: a download fails (HTTP 404) and no
file arrives, or the upload is refused (HTTP 400).

Prints how many CSV files arrived, whether the upload was used, and the HTTP status of every
upload and /media/ request (from the page's resource timing). Exits 0 when every click gave a
CSV, the upload was used, no exception box appeared and every such request succeeded (2xx).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (  # noqa: E402
    chromium_driver,
    exceptions,
    find_browser,
    wait_idle,
    wait_until,
)

UPLOAD_INPUT = '[data-testid="stFileUploader"] input[type="file"]'
# Refused: the uploader's own error (its request failed) or the page's (the text is unusable).
REFUSED = '[data-testid="stFileUploader"] [role="alert"], [data-testid="stAlertContentError"]'
DOWNLOAD_LABEL = "Download the numbers (CSV)"
CSV_HEADER_START = "run,generation,"
CLICK_WAIT_S = 20.0  # seconds a click may take to give its file (a failed one never does)
# What the page fetched from the upload and media routes: [route, HTTP status] per request.
_FETCHED_JS = """
return performance.getEntriesByType('resource')
  .map(e => [new URL(e.name).pathname, e.responseStatus])
  .filter(([path]) => path.startsWith('/_stcore/upload_file/') || path.startsWith('/media/'))
  .map(([path, status]) => [path.startsWith('/media/') ? '/media' : '/_stcore/upload_file',
                            status]);
"""


def sample_text(words: int = 160) -> str:
    """A plain English text of about `words` words (the page needs at least 100)."""
    animals = ("owl", "fox", "heron", "badger", "otter", "wren", "lynx", "stoat")
    places = ("river", "meadow", "forest", "hill", "marsh", "orchard")
    return " ".join(f"The {animals[i % 8]} walks to the {places[i % 6]} and sees the "
                    f"{animals[(3 * i + 1) % 8]} at dawn." for i in range(words // 12 + 1))


def csv_downloads(folder: Path) -> int:
    """How many finished downloads in `folder` are the page's CSV."""
    return sum(f.read_text(errors="replace").startswith(CSV_HEADER_START)
               for f in folder.iterdir() if f.suffix != ".crdownload")


def download_button(driver):
    """The CSV download button, or None (a real element: a click is a trusted gesture)."""
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.XPATH, f"//button[contains(., '{DOWNLOAD_LABEL}')]")
    return found[0] if found else None


def fetched(driver) -> list:
    """[route, HTTP status] of each upload and /media/ request this page has made."""
    return driver.execute_script(_FETCHED_JS)


def try_downloads(driver, url: str, folder: Path, clicks: int, timeout: float) -> dict:
    """Open the Text page and click its CSV download `clicks` times, each waiting (bounded)
    for its file: how many CSV files arrived, and the page's /media/ requests."""
    driver.get(url.rstrip("/") + "/text")
    wait_until(lambda: download_button(driver), timeout, "the download button")
    wait_idle(driver, timeout)
    before = csv_downloads(folder)
    for done in range(1, clicks + 1):
        download_button(driver).click()
        deadline = time.monotonic() + CLICK_WAIT_S  # a failed download never arrives
        while csv_downloads(folder) - before < done and time.monotonic() < deadline:
            time.sleep(0.2)
        wait_idle(driver, timeout)
    return {"clicks": clicks, "csv_files": csv_downloads(folder) - before,
            "requests": fetched(driver)}


def try_upload(driver, url: str, text_file: Path, timeout: float) -> dict:
    """Open the Text page on "Your own text" and upload `text_file`: whether the page used it
    (its download button appears) or refused it, and the page's upload requests."""
    from selenium.webdriver.common.by import By

    driver.get(url.rstrip("/") + "/text?c=own")
    wait_idle(driver, timeout)
    driver.find_element(By.CSS_SELECTOR, UPLOAD_INPUT).send_keys(str(text_file))
    wait_until(lambda: download_button(driver) or driver.find_elements(By.CSS_SELECTOR, REFUSED),
               timeout, "the page to use or refuse the upload")
    return {"used": download_button(driver) is not None, "requests": fetched(driver)}


def check(url: str, downloads: int, timeout: float) -> dict:
    """Downloads, then an upload, in one browser (one cookie, as a reader's browser)."""
    browser = find_browser()
    if browser is None:
        raise SystemExit("needs Debian's chromium and chromedriver "
                         "(apt-get install chromium chromium-driver)")
    with tempfile.TemporaryDirectory(prefix="sticky-") as tmp, chromium_driver(browser) as driver:
        folder, text_file = Path(tmp, "downloads"), Path(tmp, "birds.txt")
        folder.mkdir()
        text_file.write_text(sample_text())
        # Each download under its own name (a GUID), so a second one never overwrites the first.
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allowAndName", "downloadPath": str(folder)})
        result = {"download": try_downloads(driver, url, folder, downloads, timeout),
                  "upload": try_upload(driver, url, text_file, timeout)}
        result["exceptions"] = exceptions(driver)
        return result


def passed(result: dict) -> bool:
    """Every click gave a CSV, the upload was used, and every such request succeeded."""
    requests = result["download"]["requests"] + result["upload"]["requests"]
    return (result["download"]["csv_files"] == result["download"]["clicks"]
            and result["upload"]["used"] and not result["exceptions"]
            and all(200 <= status < 300 for _, status in requests))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8900/")
    parser.add_argument("--downloads", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=120.0, help="per page wait, seconds")
    args = parser.parse_args()
    result = check(args.url, args.downloads, args.timeout)
    for key, value in result.items():
        print(f"{key}: {value}")
    ok = passed(result)
    print("sticky: every request reached the tab's process" if ok else
          "NOT sticky: some requests missed the tab's process")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
