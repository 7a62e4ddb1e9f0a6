"""Request ids and one JSON log line per request, carried into the Celery tasks a request starts.

The id comes from a well-formed `X-Request-ID` header or is made here. It is sent back in the
`X-Request-ID` response header and in every JSON error body, stamped on every log record written
while the request (or a task it started) runs, and travels to Celery in the task's message headers.

Logs name routes (`api/v1/unsubscribe/<str:token>/`), not paths, and user ids, not emails: no
personal data or secrets in them.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.utils.functional import LazyObject, empty

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

logger = logging.getLogger("courseplatform.request")


def current_request_id() -> str | None:
    return request_id_var.get()


def _request_id_from(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _WELL_FORMED.match(given) else uuid.uuid4().hex


def route_of(request) -> str:
    """The URL pattern that served the request. When nothing matched, the path with every long
    segment (a token, say) blanked out."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route
    served = getattr(request, "served_route", None)  # an answer from courseplatform.httpcache
    if served:
        return "/" + served
    segments = request.path[:200].split("/")
    return "/".join(segment if len(segment) <= 24 else "<long>" for segment in segments)


def _user_id(request) -> int | None:
    """The signed-in user's id if the request already knows it; never a query of its own (the
    database may be what just failed)."""
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject) and user._wrapped is empty:  # type: ignore[attr-defined]
        return None
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    """Outermost: gives the request its id and writes its one log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _request_id_from(request)
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": route_of(request),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Stamps the current request id on every record, and keeps paths out of Django's request log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        request = getattr(record, "request", None)
        if record.name.startswith("django.request") and request is not None and len(record.args or ()) == 2:
            record.args = (record.args[0], route_of(request))  # type: ignore[index]
        return True


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in data:
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


# --- Celery: the request id rides in the task message's headers --------------------------------


@before_task_publish.connect(dispatch_uid="request_id_publish")
def _add_request_id(headers=None, **kwargs) -> None:
    request_id = current_request_id()
    if headers is not None and request_id and "request_id" not in headers:
        headers["request_id"] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(dispatch_uid="request_id_task_start")
def _task_started(task_id=None, task=None, **kwargs) -> None:
    request_id = getattr(task.request, "request_id", None) if task is not None else None
    if task_id and request_id:
        _task_tokens[task_id] = request_id_var.set(str(request_id))


@task_postrun.connect(dispatch_uid="request_id_task_end")
def _task_finished(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        request_id_var.reset(token)
