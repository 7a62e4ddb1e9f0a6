"""The connection health check runs at most once an interval (courseplatform/postgresql/base.py)."""

import time
from unittest import mock

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own behaviour")


def _next_request_uses_the_database() -> None:
    """What Django does around a request that runs one query (request_started, then a query)."""
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _checks(times: int) -> int:
    with mock.patch.object(
        type(connections["default"]), "is_usable", autospec=True, side_effect=lambda self: True
    ) as is_usable:
        for _ in range(times):
            _next_request_uses_the_database()
    return is_usable.call_count


@pytest.mark.django_db(transaction=True)
def test_a_busy_connection_is_checked_once_an_interval(settings):
    connection.settings_dict["HEALTH_CHECK_INTERVAL"] = 60
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.health_check_enabled = True
    _next_request_uses_the_database()
    assert _checks(5) == 0

    connection.health_checked_at = time.monotonic() - 61  # the last check an interval ago
    assert _checks(5) == 1


@pytest.mark.django_db(transaction=True)
def test_with_no_interval_every_request_is_checked():
    connection.settings_dict["HEALTH_CHECK_INTERVAL"] = 0
    connection.health_check_enabled = True
    _next_request_uses_the_database()
    assert _checks(3) == 3


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_while_idle_is_replaced_before_the_query():
    connection.settings_dict["HEALTH_CHECK_INTERVAL"] = 1
    connection.health_check_enabled = True
    _next_request_uses_the_database()
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    connection.health_checked_at = time.monotonic() - 2  # idle for longer than the interval

    _next_request_uses_the_database()  # no error: the check found it dead and Django reconnected

    assert connection.connection.info.backend_pid != pid
