"""ETag / If-None-Match for reads that clients poll: the catalogue, an outline, a lesson."""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag


class ETagMixin:
    """GET answers carry an ETag made from the body itself, so it changes whenever anything in
    the answer does (an instructor's edit, the learner's own progress, a lock opening) and never
    otherwise. A matching If-None-Match is a 304 with no body."""

    conditional_get = True  # read by the schema: documents If-None-Match, ETag and 304

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        # The body depends on who asks; clients and caches must revalidate before reusing it.
        patch_vary_headers(response, ["Authorization", "Cookie"])
        patch_cache_control(response, private=True, no_cache=True)
        return get_conditional_response(request, etag=response["ETag"], response=response) or response
