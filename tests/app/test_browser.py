"""End to end: start ``streamlit run app.py`` on a free localhost port and drive
the dashboard in headless Chromium (Debian's chromium and chromedriver, which
``scripts/test.sh`` installs; nothing is downloaded at test time).

The test checks that the headline metrics render with numbers and no error,
switches the scenario through the URL (as a shared link would), and saves
screenshots to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
STARTUP_SECONDS = 90
RENDER_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
        )
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def server():
    port = _free_port()
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
            pytest.fail(f"streamlit did not start on {url}:\n{output[-3000:]}")
        time.sleep(0.5)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def browser():
    chromium = _find("chromium", "chromium-browser")
    driver_path = _find("chromedriver")
    if not chromium or not driver_path:
        pytest.fail(
            "the browser test needs Debian's chromium and chromium-driver: run "
            "scripts/test.sh (it installs them) or apt-get install -y chromium chromium-driver"
        )
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,2200",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _metrics(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    # the visible ones (metrics on other tabs are in the page but hidden)
    found = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMetricValue"]')
    return [e.text for e in found if e.is_displayed()]


def _wait_for(driver, condition, what: str, seconds: float = RENDER_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "dashboard-failure.png"))
    pytest.fail(f"timed out waiting for {what}; screenshot in test-artifacts/")


def _errors(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    selectors = '[data-testid="stException"], [data-testid="stAlertContentError"]'
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selectors)]


def test_dashboard_in_a_real_browser(server, browser):
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(server)
    values = _wait_for(
        browser,
        lambda: (
            (v := _metrics(browser)) and len(v) >= 8 and all(re.search(r"\d", x) for x in v) and v
        ),
        "the headline metrics",
    )
    assert not _errors(browser), _errors(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Children in poverty (BHC)" in body and "Scrap the receiving parent" in body
    browser.save_screenshot(str(ARTIFACTS / "dashboard.png"))

    # switch the scenario, as a shared link does
    browser.get(f"{server}/?scenarios=single-collection-service")
    _wait_for(
        browser,
        lambda: (
            "Single collection service" in browser.find_element(By.TAG_NAME, "body").text
            and len(_metrics(browser)) >= 8
        ),
        "the single collection service results",
    )
    switched = _metrics(browser)
    assert all(re.search(r"\d", x) for x in switched)
    assert switched != values
    assert not _errors(browser), _errors(browser)
    browser.save_screenshot(str(ARTIFACTS / "dashboard-single-collection-service.png"))
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000
