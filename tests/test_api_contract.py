"""The API's contract: the committed schema, its validity, and the HTTP conventions it documents."""

import difflib
import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from .openapi_check import api_schema

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "openapi.yaml"

pytestmark = pytest.mark.django_db


def _served(client) -> str:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return response.content.decode()


def test_committed_schema_is_the_served_schema(client):
    served = _served(client)
    committed = COMMITTED.read_text()
    if served != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(True), served.splitlines(True), "docs/openapi.yaml", "served", n=2
                )
            )[:80]
        )
        pytest.fail(
            "docs/openapi.yaml is not the schema the API serves. Run `make schema`, review the change, "
            f"note it in docs/api-changelog.md and commit it.\n{diff}",
            pytrace=False,
        )


def test_schema_is_valid_openapi(client):
    validate(yaml.safe_load(_served(client)))


def test_every_operation_has_an_id_a_tag_a_summary_and_a_description():
    seen = set()
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert operation["operationId"][0].islower() and "_" not in operation["operationId"], where
            assert operation["operationId"] not in seen, where
            seen.add(operation["operationId"])
            assert len(operation["tags"]) == 1, where
            assert operation.get("summary") and operation.get("description"), where


def test_every_operation_documents_its_errors_with_the_error_component():
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            errors = {status: r for status, r in operation["responses"].items() if status >= "400"}
            assert "400" in errors, f"{method.upper()} {path}"
            for status, response in errors.items():
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, f"{method.upper()} {path} {status}"
                assert "Codes: `" in response["description"]
            if "429" in errors:
                assert errors["429"]["headers"]["Retry-After"]["required"] is True
            if "201" in operation["responses"]:
                assert operation["responses"]["201"]["headers"]["Location"]["required"] is True


def test_public_operations_need_no_token_and_the_rest_the_bearer_scheme():
    public = {
        "registerAccount",
        "confirmEmail",
        "resendConfirmationEmail",
        "requestPasswordReset",
        "resetPassword",
        "signIn",
        "listCourses",
        "getCourse",
        "listChallenges",
        "getLesson",
        "verifyCertificate",
        "describeUnsubscribeLink",
        "unsubscribe",
        "previewInvitation",
        "previewInvitationDecline",
        "declineInvitation",
        "getEmailPreferences",
        "setEmailPreferences",
    }
    for item in api_schema()["paths"].values():
        for operation in item.values():
            expected = [] if operation["operationId"] in public else [{"bearerAuth": []}]
            assert operation["security"] == expected, operation["operationId"]
    schemes = api_schema()["components"]["securitySchemes"]
    assert list(schemes) == ["bearerAuth"]
    assert (schemes["bearerAuth"]["type"], schemes["bearerAuth"]["scheme"]) == ("http", "bearer")


def test_no_component_name_repeats_a_suffix_and_no_python_names_leak():
    names = api_schema()["components"]["schemas"]
    assert not [name for name in names if name.endswith(("RequestRequest", "ListList"))]
    text = yaml.safe_dump(api_schema())
    for leak in ("Serializer", "services.", "selectors.", ".py", "fail closed", "swagger_fake_view"):
        assert leak not in text, leak


def test_every_write_has_request_and_response_examples():
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            if method not in ("post", "patch", "put"):
                continue
            body = operation.get("requestBody")
            where = f"{method.upper()} {path}"
            if body:
                assert any(media.get("examples") for media in body["content"].values()), where
            success = [r for status, r in operation["responses"].items() if status < "300" and r.get("content")]
            assert all(r["content"]["application/json"].get("examples") for r in success), where


def test_request_bodies_are_json_except_the_one_click_unsubscribe():
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody")
            if not body:
                continue
            if operation["operationId"] == "unsubscribe":
                assert set(body["content"]) == {"application/x-www-form-urlencoded", "multipart/form-data"}
            elif operation["operationId"] in ("declineInvitation", "setEmailPreferences"):  # pages post forms too
                assert "application/json" in body["content"]
            else:
                assert set(body["content"]) == {"application/json"}, f"{method.upper()} {path}"


def test_a_form_encoded_body_is_a_415(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        "email=pat%40example.com&password=a+long+passphrase+42",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_body_over_the_limit_is_a_413(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"email": "pat@example.com", "password": "' + "x" * 2000 + '"}'
    response = api_client.post("/api/v1/auth/register/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


@pytest.mark.parametrize("page_size", ["null", "0", "101", "-1", "2.5", ""])
def test_a_bad_page_size_is_a_400_naming_it(api_client, page_size):
    response = api_client.get(f"/api/v1/courses/?page_size={page_size}")
    assert response.status_code == 400
    assert response.json()["field"] == "page_size"


def test_page_size_within_bounds_is_honoured(api_client):
    assert api_client.get("/api/v1/courses/?page_size=100").status_code == 200


def test_a_method_not_allowed_says_which_are(api_client):
    response = api_client.put("/api/v1/courses/", {})
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) >= {"GET", "OPTIONS"}


def test_cors_is_off_by_default(api_client):
    response = api_client.get("/api/v1/courses/", HTTP_ORIGIN="https://app.example.com")
    assert "Access-Control-Allow-Origin" not in response


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def test_cors_off_answers_do_not_vary_by_origin_and_on_they_do(api_client, settings):
    """With CORS off the middleware is skipped (an answer then does not depend on Origin); set the
    origins and it runs again, for the next request of the same process."""
    off = api_client.get("/api/v1/courses/", HTTP_ORIGIN="https://app.example.com")
    assert off.status_code == 200 and "origin" not in _vary(off)
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    on = api_client.get("/api/v1/courses/", HTTP_ORIGIN="https://app.example.com")
    assert "origin" in _vary(on)
    assert on["Access-Control-Allow-Origin"] == "https://app.example.com"


def test_cors_allows_the_configured_origins_only(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    allowed = api_client.options(
        "/api/v1/me/",
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "authorization" in allowed["Access-Control-Allow-Headers"]
    other = api_client.get("/api/v1/courses/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other


def test_docs_pages_load_only_our_own_static_files(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(url).content.decode()
        loaded = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert loaded and all(link.startswith("/static/") for link in loaded), (url, loaded)
        assert "https://" not in html and "http://" not in html, url
    swagger = client.get("/api/v1/docs/").content.decode()
    for asset in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in swagger
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}"), asset
    redoc = client.get("/api/v1/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in redoc
    assert finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email_weekly_digest": 0}, "email_weekly_digest"),
        ({"name": 42}, "name"),
        ({"preferred_hour": "7"}, "preferred_hour"),
        ({"preferred_hour": True}, "preferred_hour"),
    ],
)
def test_json_values_must_have_the_type_the_schema_says(learner_client, body, field):
    response = learner_client.patch("/api/v1/me/", body)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_max_length_counts_what_is_sent_before_spaces_are_trimmed(learner_client):
    response = learner_client.patch("/api/v1/me/", {"name": " " + "x" * 150})
    assert (response.status_code, response.json()["field"]) == (400, "name")
    assert learner_client.patch("/api/v1/me/", {"name": " " + "x" * 149}).json()["name"] == "x" * 149
