"""Content negotiation: DRF's, with its most common case answered without parsing anything."""

from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """An Accept header that takes anything (or none) and no format asked for in the URL: DRF
    answers with the first renderer and its media type, so this does too, without parsing the
    header into media types on every request. Anything else goes through DRF."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if (
            format_suffix is None
            and request.META.get("HTTP_ACCEPT", "*/*") == "*/*"
            and (self.settings.URL_FORMAT_OVERRIDE or "format") not in request.query_params
        ):
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
