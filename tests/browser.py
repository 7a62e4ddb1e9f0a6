"""Headless Chromium through Selenium, for the few end-to-end tests that drive a real browser.

Uses Debian's chromium and chromedriver (override with CHROMIUM_BINARY / CHROMEDRIVER). When either
is missing the test fails with a message: CI installs them, and a skipped browser test would hide that.
"""

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM_BINARY = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
ARGUMENTS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
]


def _require_executable(path: str, what: str, package: str) -> None:
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"{what} not found at {path}: install it (Debian: apt-get install {package}) "
            f"or point the environment variable at it. Browser tests must not be skipped.",
            pytrace=False,
        )


def start_chromium(user_data_dir: Path, *extra_arguments: str) -> webdriver.Chrome:
    """A headless Chromium with a throwaway profile; the caller quits it."""
    _require_executable(CHROMIUM_BINARY, "Chromium", "chromium")
    _require_executable(CHROMEDRIVER, "chromedriver", "chromium-driver")
    options = Options()
    options.binary_location = CHROMIUM_BINARY
    for argument in [*ARGUMENTS, f"--user-data-dir={user_data_dir}", *extra_arguments]:
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


def wait_for(driver, condition, timeout: float = 10):
    """Wait until `condition(driver)` is truthy and return its value."""
    return WebDriverWait(driver, timeout).until(condition)


SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "test" / "screenshots"


def screenshot(driver, name: str) -> Path:
    """Save the whole page as var/test/screenshots/<name>.png (kept by CI as an artifact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size["width"], min(max(height, size["height"]), 5000))
    driver.execute_script("window.scrollTo(0, 0)")
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])
    return path


def horizontal_overflow(driver) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
