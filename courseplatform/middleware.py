"""Request hygiene shared by every view."""

from django.http import JsonResponse

from .exceptions import error_body


class RejectNullBytesMiddleware:
    """A NUL byte in the path or query string is a 400, not a database error.

    PostgreSQL refuses NUL in text, so `?search=%00` or `/certificates/%00/` would otherwise
    reach the ORM and fail there with a 500. Request bodies are covered by DRF's fields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            body = error_body(status_code=400, code="invalid", message="The URL contains a NUL character.")
            return JsonResponse(body, status=400)
        return self.get_response(request)
