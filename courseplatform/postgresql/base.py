"""Django's PostgreSQL backend, with the connection health check asked at most once an interval.

With `CONN_HEALTH_CHECKS`, Django sends `SELECT 1` before the first query of every request that
uses a kept connection: one more round trip on every signed-in request (about a fifth of an
empty signed-in request's time, docs/benchmarks.md). The check is there for connections that died
while they sat unused (a database restart, a proxy's idle timeout), so a connection that passed
the check or was opened less than `HEALTH_CHECK_INTERVAL` seconds ago is taken as healthy. A busy
worker checks about once an interval instead of once a request; an idle one is checked on its
next request, as before. A connection that fails a query is checked at the end of that request
by Django itself (`errors_occurred`) and dropped if it is unusable, interval or not.
"""

import time

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.health_checked_at = float("-inf")

    def connect(self):
        super().connect()
        self.health_checked_at = time.monotonic()  # a new connection has just answered

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and not self.health_check_done
            and time.monotonic() - self.health_checked_at < self.settings_dict.get("HEALTH_CHECK_INTERVAL", 0)
        ):
            self.health_check_done = True
            return
        was_done = self.health_check_done
        super().close_if_health_check_failed()
        if not was_done and self.connection is not None:
            self.health_checked_at = time.monotonic()
