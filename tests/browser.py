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


def start_chromium(user_data_dir: Path) -> webdriver.Chrome:
    """A headless Chromium with a throwaway profile; the caller quits it."""
    _require_executable(CHROMIUM_BINARY, "Chromium", "chromium")
    _require_executable(CHROMEDRIVER, "chromedriver", "chromium-driver")
    options = Options()
    options.binary_location = CHROMIUM_BINARY
    for argument in [*ARGUMENTS, f"--user-data-dir={user_data_dir}"]:
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


def wait_for(driver, condition, timeout: float = 10):
    """Wait until `condition(driver)` is truthy and return its value."""
    return WebDriverWait(driver, timeout).until(condition)
