from contextlib import contextmanager

import pytest
from django.db import connection
from rest_framework.test import APIClient

from .factories import UserFactory
from .openapi_check import check_response


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture(scope="session", autouse=True)
def _record_database_vendor(django_db_setup, django_db_blocker):
    """Leave a note of the database the suite ran on, so CI can insist on PostgreSQL."""
    from django.conf import settings

    yield
    out = settings.VAR_DIR / "test-database-vendor"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(connection.vendor + "\n")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle and sign-in counters, and cached answers, live in the cache, which outlives a test's transaction."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _api_responses_match_the_schema(request, monkeypatch):
    """Every response an APIClient receives is checked against the served OpenAPI schema."""
    if request.node.get_closest_marker("no_schema_check"):
        return
    original = APIClient.request

    def request_and_check(self, **kwargs):
        response = original(self, **kwargs)
        check_response(response.request["REQUEST_METHOD"], response.request["PATH_INFO"], response)
        return response

    monkeypatch.setattr(APIClient, "request", request_and_check)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def learner_client(learner):
    client = APIClient()
    client.force_authenticate(learner)
    return client


@contextmanager
def statements_bound(where: str, prepare_threshold: int | None):
    """The default connection, open, switched to psycopg's client-side binding (Django's default) or
    to what DATABASE_SERVER_SIDE_BINDING sets up: server-side binding and prepared statements.

    The open connection is switched (cursor class and threshold) rather than reconnected, so that it
    works inside the test's transaction and sees the test's rows. PostgreSQL only.
    """
    from django.db.backends.postgresql.base import Cursor, ServerBindingCursor

    connection.ensure_connection()
    psycopg_connection = connection.connection
    saved = psycopg_connection.cursor_factory, psycopg_connection.prepare_threshold
    psycopg_connection.cursor_factory = ServerBindingCursor if where == "server" else Cursor
    psycopg_connection.prepare_threshold = prepare_threshold
    connection.features.__dict__["uses_server_side_binding"] = where == "server"  # a cached_property
    try:
        yield
    finally:
        psycopg_connection.cursor_factory, psycopg_connection.prepare_threshold = saved
        connection.features.__dict__.pop("uses_server_side_binding", None)


@pytest.fixture(params=["client", "server"])
def binding(request, db):
    """Run the test with each binding of statement parameters. "server": every statement is prepared
    from its first execution (threshold 0), so every one of them also runs as a prepared statement."""
    if connection.vendor != "postgresql":
        if request.param == "server":
            pytest.skip("server-side binding is PostgreSQL's")
        yield request.param
        return
    with statements_bound(request.param, 0 if request.param == "server" else None):
        yield request.param
