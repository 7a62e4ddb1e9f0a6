"""Under `make run` DEBUG is on, and Django answers unknown URLs and uncaught exceptions with its
technical HTML pages instead of our handlers: under /api/ they must still be the JSON error."""

from unittest import mock

import pytest
from django.test import Client
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/nonexistent/", "/api/v1/lessons/abc/", "/api/v1/courses/%ff/"])
def test_an_unknown_api_url_is_a_json_404_with_debug_on(settings, url):
    settings.DEBUG = True

    response = Client().get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_an_uncaught_error_under_api_is_a_json_500_with_debug_on(settings):
    settings.DEBUG = True

    with mock.patch("courses.apis.CourseListApi.get", side_effect=RuntimeError("boom")):
        response = Client(raise_request_exception=False).get("/api/v1/courses/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_pages_outside_the_api_keep_djangos_debug_page(settings):
    settings.DEBUG = True

    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_drfs_browsable_error_page_is_left_to_drf(settings):
    settings.DEBUG = True
    renderers = [BrowsableAPIRenderer, JSONRenderer]  # what DEBUG gives DRF at start-up

    with mock.patch("accounts.apis.MeApi.renderer_classes", renderers):
        response = Client().get("/api/v1/me/", HTTP_ACCEPT="text/html")

    assert response.status_code == 401
    assert response["Content-Type"].startswith("text/html")
    assert "not_authenticated" in response.content.decode()
