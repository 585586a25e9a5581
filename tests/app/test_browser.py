"""End to end: the dashboard in headless Chromium (tests/app/chromium.py starts
``streamlit run app.py`` on a free localhost port and drives Debian's chromium;
nothing is downloaded at test time).

The test checks that the headline metrics render with numbers and no error,
switches the scenario through the URL (as a shared link would), and saves
screenshots to ``test-artifacts/``.
"""

from __future__ import annotations

import pytest

from tests.app.chromium import (
    ROOT,
    BrowserError,
    body_text,
    chromium,
    dashboard_server,
    numbers_shown,
    page_errors,
)

ARTIFACTS = ROOT / "test-artifacts"
RENDER_SECONDS = 120


@pytest.fixture(scope="module")
def server():
    try:
        with dashboard_server() as url:
            yield url
    except BrowserError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def browser():
    try:
        with chromium() as driver:
            yield driver
    except BrowserError as error:
        pytest.fail(str(error))


def _wait_for(driver, condition, what: str, seconds: float = RENDER_SECONDS):
    from tests.app.chromium import wait_for

    try:
        return wait_for(condition, what, seconds, poll=0.5)
    except BrowserError as error:
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "dashboard-failure.png"))
        pytest.fail(f"{error}; screenshot in test-artifacts/")


def test_dashboard_in_a_real_browser(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(server)
    values = _wait_for(browser, lambda: numbers_shown(browser, 8), "the headline metrics")
    assert not page_errors(browser), page_errors(browser)
    body = body_text(browser)
    assert "Children in poverty (BHC)" in body and "Scrap the receiving parent" in body
    browser.save_screenshot(str(ARTIFACTS / "dashboard.png"))

    # switch the scenario, as a shared link does
    browser.get(f"{server}/?scenarios=single-collection-service")
    _wait_for(
        browser,
        lambda: "Single collection service" in body_text(browser) and numbers_shown(browser, 8),
        "the single collection service results",
    )
    switched = numbers_shown(browser, 8)
    assert switched != values
    assert not page_errors(browser), page_errors(browser)
    browser.save_screenshot(str(ARTIFACTS / "dashboard-single-collection-service.png"))
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000
