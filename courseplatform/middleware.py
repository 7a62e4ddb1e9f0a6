"""Request hygiene shared by every view."""

from http import HTTPStatus

import corsheaders.middleware
from django.conf import settings
from django.http import JsonResponse

from .exceptions import error_body


def _refuse(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(status_code=status, code=code, message=message), status=status)


class RejectNullBytesMiddleware:
    """A NUL byte in the path or query string is a 400, not a database error; a body over
    MAX_REQUEST_BODY_BYTES is a 413 before anything reads it.

    PostgreSQL refuses NUL in text, so `?search=%00` or `/certificates/%00/` would otherwise
    reach the ORM and fail there with a 500. Request bodies are covered by DRF's fields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return _refuse(400, "invalid", "The URL contains a NUL character.")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(400, "invalid", "The Content-Length header is not a number.")
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return _refuse(
                413, "too_large", f"The request body is over the limit of {settings.MAX_REQUEST_BODY_BYTES} bytes."
            )
        return self.get_response(request)


class JsonErrorsUnderApiMiddleware:
    """An HTML error page under /api/ becomes the API's JSON error with the same status.

    With DEBUG on (as under `make run`) Django answers a URL that matches no route, or an
    uncaught exception, with its technical HTML page instead of calling handler404/handler500;
    API clients get JSON either way. The traceback is still logged by django.request. Answers
    rendered by DRF (its browsable pages in DEBUG) are left as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
            and not hasattr(response, "accepted_renderer")  # DRF's own answer, e.g. the browsable API
        ):
            return _refuse(response.status_code, *_ERRORS.get(response.status_code, ("error", _phrase(response))))
        return response


def _phrase(response) -> str:
    try:
        return HTTPStatus(response.status_code).phrase + "."
    except ValueError:
        return "The request failed."


_ERRORS = {
    400: ("bad_request", "The request is malformed."),
    403: ("permission_denied", "You do not have permission to perform this action."),
    404: ("not_found", "Not found."),
    500: ("server_error", "Something went wrong on our side; it has been logged."),
}


class CorsMiddleware(corsheaders.middleware.CorsMiddleware):
    """django-cors-headers' middleware, run only when CORS is configured.

    Off (no allowed origin, no origin pattern, not every origin), it would still add
    `Vary: origin` to every API answer, which then does not vary by origin: 125,000 instructions of
    a 915,000-instruction catalogue answer served from the shared cache. The settings are read on
    every request (attribute reads of cached values; all three are set in the project's settings),
    so a change takes effect as override_settings makes it, and turning CORS on needs nothing more
    than setting the origins. Requests let in by django-cors-headers' `check_request_enabled`
    signal alone are not supported: nothing in the project connects it.
    """

    def __call__(self, request):
        configured = (
            settings.CORS_ALLOWED_ORIGINS or settings.CORS_ALLOWED_ORIGIN_REGEXES or settings.CORS_ALLOW_ALL_ORIGINS
        )
        return super().__call__(request) if configured else self.get_response(request)
