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


@pytest.fixture
def health_checks_every():
    """Turns health checks on with the given interval in seconds, as settings would, and serves a
    first request; the connection's own settings are restored afterwards."""
    saved_settings, saved_enabled = dict(connection.settings_dict), connection.health_check_enabled

    def enable(interval: int) -> None:
        connection.settings_dict["HEALTH_CHECK_INTERVAL"] = interval
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.health_check_enabled = True
        _next_request_uses_the_database()

    yield enable
    connection.settings_dict.clear()
    connection.settings_dict.update(saved_settings)
    connection.health_check_enabled = saved_enabled


@pytest.mark.django_db(transaction=True)
def test_a_busy_connection_is_checked_once_an_interval(health_checks_every):
    health_checks_every(60)
    assert _checks(5) == 0

    connection.health_checked_at = time.monotonic() - 61  # the last check an interval ago
    assert _checks(5) == 1


@pytest.mark.django_db(transaction=True)
def test_with_no_interval_every_request_is_checked(health_checks_every):
    health_checks_every(0)
    assert _checks(3) == 3


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_while_idle_is_replaced_before_the_query(health_checks_every):
    health_checks_every(1)
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
