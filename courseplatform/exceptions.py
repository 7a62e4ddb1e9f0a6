"""One JSON error format for every 4xx (and the rare 5xx) the API returns.

    {"status": 400, "code": "invalid", "message": "email: This field is required.",
     "field": "email", "errors": {"email": ["This field is required."]}}

`field` names the first offending field (null when the error is not about a field);
`errors` maps every offending field to its messages ("non_field_errors" for the rest).
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .errors import ApplicationError
from .observability import current_request_id


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into {"answers[0].question": ["..."]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            # DRF reports list items as {index: errors}: name them answers[0].question.
            name = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else str(key))
            out.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    out.update(_flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def error_body(*, status_code: int, code: str, message: str, field: str | None = None, errors=None, **extra) -> dict:
    body = {"status": status_code, "code": code, "message": message, "field": field, "errors": errors or {}}
    body.update(extra)
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    return body


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        errors = {exc.field: [exc.message]} if exc.field else {}
        body = error_body(
            status_code=exc.status, code=exc.code, message=exc.message, field=exc.field, errors=errors, **exc.extra
        )
        return Response(body, status=exc.status, headers=exc.headers)
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database went away (a restart, a failover): nothing was committed; try again soon.
        logger.error("database unavailable", exc_info=exc)
        return Response(_unavailable_body(), status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    if isinstance(exc, RequestDataTooBig):
        return Response(_too_large_body(), status=413)
    if isinstance(exc, SuspiciousOperation):  # too many form fields or files, a malformed multipart body
        return Response(error_body(status_code=400, code="bad_request", message=str(exc)), status=400)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(detail)
        field = next((name for name in errors if name != "non_field_errors"), None)
        first_name, first_messages = next(iter(errors.items()), ("non_field_errors", ["Invalid input."]))
        message = first_messages[0] if first_name == "non_field_errors" else f"{first_name}: {first_messages[0]}"
        code = "invalid"
    else:
        errors = {}
        field = None
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
        code = getattr(exc, "default_code", "error")
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if isinstance(codes, str):
            code = codes
    response.data = error_body(status_code=response.status_code, code=code, message=message, field=field, errors=errors)
    return response


def _json_error(request, status_code: int, code: str, message: str):
    return JsonResponse(error_body(status_code=status_code, code=code, message=message), status=status_code)


RETRY_AFTER_SECONDS = 5
logger = logging.getLogger(__name__)


def _unavailable_body() -> dict:
    return error_body(
        status_code=503, code="unavailable", message="The service is briefly unavailable. Try again in a few seconds."
    )


def _too_large_body() -> dict:
    return error_body(status_code=413, code="too_large", message="The request body is too large.")


def bad_request(request, exception=None):
    """400 outside DRF's views (Django refused the request itself): JSON under /api/."""
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(_too_large_body(), status=413)
    if request.path.startswith("/api/"):
        return _json_error(request, status.HTTP_400_BAD_REQUEST, "bad_request", "The request is malformed.")
    from django.views.defaults import bad_request as django_bad_request

    return django_bad_request(request, exception)


def not_found(request, exception=None):
    """404 for URLs that match no route: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return _json_error(request, status.HTTP_404_NOT_FOUND, "not_found", "Not found.")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return _json_error(request, 500, "server_error", "Something went wrong on our side; it has been logged.")
    from django.views.defaults import server_error as django_server_error

    return django_server_error(request)
