"""The dashboard in a real browser: start ``streamlit run app.py`` on a free
localhost port and drive it in headless Chromium (Debian's chromium and
chromedriver, which ``scripts/test.sh`` installs; Selenium never downloads a
browser or a driver here). Used by the browser test (``test_browser.py``) and
the browser benchmark (``benchmarks/bench_browser.py``)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Seconds for the server to answer its health check.
STARTUP_SECONDS = 90
#: The browser window: a laptop's width, tall enough for the headline and a chart.
WINDOW = "1400,2200"
#: Chromium's flags for a machine without a screen, a GPU or a network.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--window-size={WINDOW}",
)
#: Where a metric's value, an exception and an error alert are in Streamlit's page.
METRIC_VALUE = '[data-testid="stMetricValue"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


class BrowserError(RuntimeError):
    """The server or the browser could not be started, or a wait timed out."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
        )
        if found:
            return found
    return None


@contextlib.contextmanager
def dashboard_server() -> Iterator[str]:
    """``streamlit run app.py`` on a free port; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise BrowserError(f"streamlit did not start on {url}:\n{output[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium driven by Selenium, with its own profile."""
    binary = find("chromium", "chromium-browser")
    driver_path = find("chromedriver")
    if not binary or not driver_path:
        raise BrowserError(
            "the browser test needs Debian's chromium and chromium-driver: run "
            "scripts/test.sh (it installs them) or apt-get install -y chromium chromium-driver"
        )
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def visible_metrics(driver) -> list[str]:
    """The values of the metrics on screen (those of other tabs are hidden)."""
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, METRIC_VALUE)
    values = []
    for element in found:
        with contextlib.suppress(Exception):  # re-drawn while being read
            if element.is_displayed():
                values.append(element.text)
    return values


def numbers_shown(driver, at_least: int = 1) -> list[str] | None:
    """The visible metrics if there are ``at_least`` of them, each with a number."""
    values = visible_metrics(driver)
    if len(values) >= at_least and all(re.search(r"\d", v) for v in values):
        return values
    return None


def page_errors(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ERRORS)]


def body_text(driver) -> str:
    from selenium.webdriver.common.by import By

    with contextlib.suppress(Exception):
        return driver.find_element(By.TAG_NAME, "body").text
    return ""


def running(driver) -> bool:
    """Whether Streamlit is still running the script (its status widget)."""
    from selenium.webdriver.common.by import By

    return bool(driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'))


def wait_for(condition: Callable[[], object], what: str, seconds: float, poll: float = 0.1):
    """The first true value of ``condition`` within ``seconds``, else BrowserError."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    raise BrowserError(f"timed out after {seconds:.0f} s waiting for {what}")


#: Registers an observer of the main thread's long tasks (over 50 ms) before
#: the page's own scripts run; :func:`blocked_seconds` reads their total.
LONG_TASKS_SCRIPT = """
window.__longTasks = 0;
try {
  new PerformanceObserver(function (list) {
    for (const entry of list.getEntries()) { window.__longTasks += entry.duration; }
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}
"""


def watch_main_thread(driver) -> None:
    """Count the main thread's long tasks on every page this driver opens."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONG_TASKS_SCRIPT})


def blocked_seconds(driver) -> float:
    """Seconds the browser's main thread spent in long tasks on this page so far."""
    value = driver.execute_script("return window.__longTasks || 0;")
    return float(value) / 1000.0
