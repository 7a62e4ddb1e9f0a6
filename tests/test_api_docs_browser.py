"""Swagger UI and ReDoc in a real browser with no network but the server: they render from the
project's own static files, and "Try it out" works with a pasted token."""

import pytest
from knox.models import get_token_model
from selenium.webdriver.common.by import By

from .browser import start_chromium, wait_for
from .factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offline_browser(tmp_path, live_server):
    """Chromium that can reach the test server and nothing else (every other host goes to a dead proxy)."""
    host = live_server.url.split("//")[1].split(":")[0]
    driver = start_chromium(tmp_path, "--proxy-server=http://127.0.0.1:9", f"--proxy-bypass-list={host}")
    yield driver
    driver.quit()


def test_swagger_ui_renders_offline_and_tries_a_call_with_a_pasted_token(offline_browser, live_server):
    user = UserFactory(email="pat@example.com")
    token = get_token_model().objects.create(user=user, expiry=None)[1]
    driver = offline_browser
    driver.get(f"{live_server.url}/api/v1/docs/")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-operation-id"), timeout=30)
    ids = {element.text for element in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-operation-id")}
    assert {"listCourses", "getProfile", "submitQuizAttempt"} <= ids

    driver.find_element(By.CSS_SELECTOR, ".btn.authorize").click()
    field = wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".modal-ux input[type=text]"))
    field.send_keys(token)
    driver.find_element(By.CSS_SELECTOR, ".modal-ux .auth-btn-wrapper .authorize").click()
    driver.find_element(By.CSS_SELECTOR, ".modal-ux .btn-done").click()

    operation = driver.find_element(By.ID, "operations-Account-getProfile")
    operation.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait_for(driver, lambda d: operation.find_element(By.CSS_SELECTOR, ".try-out__btn")).click()
    wait_for(driver, lambda d: operation.find_element(By.CSS_SELECTOR, ".execute")).click()
    live = wait_for(driver, lambda d: operation.find_elements(By.CSS_SELECTOR, ".live-responses-table tbody"))[0]
    wait_for(driver, lambda d: "pat@example.com" in live.text)
    assert live.find_element(By.CSS_SELECTOR, ".response-col_status").text.strip().startswith("200")


def test_redoc_renders_offline(offline_browser, live_server):
    driver = offline_browser
    driver.get(f"{live_server.url}/api/v1/redoc/")
    wait_for(driver, lambda d: "Submit answers" in d.page_source or "Start an attempt" in d.page_source, timeout=30)
    headings = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "h2")]
    assert "The catalogue" in headings and "Verify a certificate" in headings
