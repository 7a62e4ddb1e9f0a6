"""/healthz (the process answers) and /readyz (the database and the broker answer) for load balancers.

Answered before any other middleware: no host check, no HTTPS redirect, no session, no database
work for /healthz. A failing check is a 503 naming it.
"""

from django.db import connection
from django.http import JsonResponse


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker() -> None:
    from .celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)


CHECKS = {"database": _database, "broker": _broker}


def readiness() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not ready"; the class name says which kind
            results[name] = f"unavailable ({type(exc).__name__})"
        else:
            results[name] = "ok"
    return all(value == "ok" for value in results.values()), results


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            ready, checks = readiness()
            body = {"status": "ready" if ready else "unavailable", "checks": checks}
            return JsonResponse(body, status=200 if ready else 503)
        return self.get_response(request)
