"""ETag / If-None-Match for reads that clients poll: the catalogue, an outline, a lesson."""

import hashlib
import json

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from rest_framework import renderers
from rest_framework.response import Response

from .renderers import JSONRenderer

# The renderers that make exactly the bytes the body already is.
_PLAIN_JSON_RENDERERS = (renderers.JSONRenderer, JSONRenderer)


class ETagMixin:
    """GET answers carry an ETag made from the body itself, so it changes whenever anything in
    the answer does (an instructor's edit, the learner's own progress, a lock opening) and never
    otherwise. A matching If-None-Match is a 304 with no body. A JSONBytesResponse brings its own,
    made from what its body is made of."""

    conditional_get = True  # read by the schema: documents If-None-Match, ETag and 304

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = getattr(response, "content_etag", None)
        response["ETag"] = etag or quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        # The body depends on who asks; clients and caches must revalidate before reusing it.
        patch_vary_headers(response, ["Authorization", "Cookie"])
        patch_cache_control(response, private=True, no_cache=True)
        return get_conditional_response(request, etag=response["ETag"], response=response) or response


class JSONBytesResponse(Response):
    """A Response whose body is already the bytes DRF's JSON renderer would make for its data, and
    the ETag for them (quoted; see ETagMixin), which changes whenever the bytes do.

    Served as they are when the negotiated answer is plain JSON; any other (the browsable API,
    `application/json; indent=4`) renders the data parsed back from them, with the body's own ETag.
    """

    def __init__(self, body: bytes, *, etag: str):
        super().__init__()
        self.json_body = body
        self.content_etag: str | None = etag

    @property
    def rendered_content(self):
        renderer = self.accepted_renderer
        if type(renderer) in _PLAIN_JSON_RENDERERS and self.accepted_media_type == renderer.media_type:
            self["Content-Type"] = renderer.media_type
            return self.json_body
        self.data = json.loads(self.json_body)
        self.content_etag = None
        return super().rendered_content
