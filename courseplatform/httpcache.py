"""A shared cache for answers built from course content.

Public answers that depend only on course content (the catalogue, a published course's
outline, certificates) are rendered once and kept in the default cache (Redis when CACHE_URL
says so: shared by every process). Each entry is stamped with the content version, a value
that `content_changed()` replaces after every committed change to courses, modules, lessons,
quizzes or challenges (courses/apps.py connects it to their saves and deletes; ContentQuerySet
covers queryset updates and bulk inserts). An entry whose stamp is not the
current version is ignored, so a change shows at once, in every process sharing the cache.

Keys include the settings that change the answers (ANSWER_SETTINGS), and `migrate` (run by
every deploy) retires every entry, so new code never serves what old code cached.

Reading the version and the entry is one cache round trip (`get_many`); a value also kept in the
process needs only the version's, and a signed-in request has read that already: the token
cache reads the version in the same round trip as the token (`cache_get_with_content_version`),
and the rest of that request uses it (`content_version_cached`). The views answer If-None-Match with
courseplatform.conditional.ETagMixin.

With the default per-process cache (locmem) a change made in one process is seen by that
process only: run several processes with a shared CACHE_URL.
"""

import contextvars
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpResponse
from django.urls import URLResolver, get_resolver
from django.utils.cache import get_conditional_response
from django.utils.functional import cached_property

CONTENT_VERSION_KEY = "content:version"
ENTRY_TIMEOUT_SECONDS = 3600


def _new_version() -> str:
    return uuid.uuid4().hex


def content_version() -> str:
    """The current content version (set at first use)."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, _new_version(), None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


# The content version read with this request's token: a dict while a request is being served
# (empty until read), None outside requests (tasks, commands), so nothing read in one request is
# ever used by another or outside one.
_request_read: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "content_version_read", default=None
)


def request_started(**kwargs) -> None:
    """Receiver of Django's request_started (courses/apps.py)."""
    _request_read.set({})


def request_finished(**kwargs) -> None:
    """Receiver of Django's request_finished (courses/apps.py)."""
    _request_read.set(None)


def cache_get_with_content_version(key: str) -> Any:
    """The cached value of `key`, read in one round trip with the content version, which the rest
    of the request then reads from here (accounts/token_cache.py: the token read, on every
    signed-in request)."""
    found = cache.get_many([key, CONTENT_VERSION_KEY])
    read = _request_read.get()
    if read is not None and CONTENT_VERSION_KEY in found:
        read[CONTENT_VERSION_KEY] = found[CONTENT_VERSION_KEY]
    return found.get(key)


def content_version_cached() -> str | None:
    """The content version as cached (None if not set yet): the one read earlier in this request
    with its token, or one cache read."""
    read = _request_read.get()
    if read and CONTENT_VERSION_KEY in read:
        return read[CONTENT_VERSION_KEY]
    return cache.get(CONTENT_VERSION_KEY)


def content_changed() -> None:
    """Retire every cached answer built from course content: now, and again once the current
    transaction commits (a request that read the rows before the commit may have stored them
    since, under the version set now)."""
    read = _request_read.get()
    if read:
        read.clear()  # the rest of this request reads the new version
    cache.set(CONTENT_VERSION_KEY, _new_version(), None)
    transaction.on_commit(lambda: cache.set(CONTENT_VERSION_KEY, _new_version(), None))


def cache_forget(*keys: str) -> None:
    """Drop cached answers (e.g. a deleted certificate's): now, and again after the commit."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


class ContentQuerySet(models.QuerySet):
    """For course content models: bulk writes, which send no signals, retire the cached answers too."""

    def update(self, **kwargs):
        content_changed()
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        content_changed()
        return super().bulk_create(objs, *args, **kwargs)


def content_model_changed(sender, **kwargs) -> None:
    """Receiver for saves and deletes of course content models (connected in courses/apps.py)."""
    content_changed()


# Values also kept in this process (cached_content_value(in_process=True)): key -> (version, value).
_kept: dict[str, tuple[str, Any]] = {}
KEPT_MAX_ENTRIES = 1000


def cached_content_value(*, key: str, build: Callable[[], Any], in_process: bool = False) -> Any:
    """Any picklable value built from course content, cached under the content version like the
    answers above. `build` returning None is not cached.

    `in_process`: the value is also kept in this process under the same version, so a request
    whose version still matches reads only the version from the cache: one round trip of a few
    bytes, nothing unpickled. For values that nobody changes after `build`; the version read on
    every call is what makes a change show at once, as it does for the shared entry.
    """
    if in_process:
        version = content_version_cached()
        kept = _kept.get(key)
        if version is not None and kept is not None and kept[0] == version:
            return kept[1]
        entry = cache.get(key) if version is not None else None
    else:
        found = cache.get_many([CONTENT_VERSION_KEY, key])
        version = found.get(CONTENT_VERSION_KEY)
        entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        value = entry[1]
    else:
        version = version or content_version()
        value = build()
        if value is None:
            return None
        cache.set(key, (version, value), ENTRY_TIMEOUT_SECONDS)
    if in_process:
        if len(_kept) >= KEPT_MAX_ENTRIES:  # one entry per key (a published course's outline): a bound all the same
            _kept.clear()
        _kept[key] = (version, value)
    return value


# Settings that change what the cached answers say (links, reading times). They are part of
# every key, so a restart with other values never serves answers made with the old ones.
ANSWER_SETTINGS = ("SITE_URL", "FRONTEND_URL", "READING_WORDS_PER_MINUTE")


def cache_key(prefix: str, *parts: str) -> str:
    """A short key for any input (query strings can be long and hold any character)."""
    fingerprint = [repr(getattr(settings, name, None)) for name in ANSWER_SETTINGS]
    digest = hashlib.blake2b("\x00".join([*fingerprint, *parts]).encode(), digest_size=16).hexdigest()
    return f"{prefix}:{digest}"


def content_changed_after_migrate(sender, **kwargs) -> None:
    """A deploy runs `migrate`: answers cached by the code before it are not served after it."""
    cache.set(CONTENT_VERSION_KEY, _new_version(), None)


# --- whole answers for anonymous reads --------------------------------------------------------

# Certificates change apart from course content (issued, renamed in bulk, deleted): their own version.
CERTIFICATES_VERSION_KEY = "certificates:version"
SHARED_VERSION_KEYS = (CONTENT_VERSION_KEY, CERTIFICATES_VERSION_KEY)
# Accept values that get the JSON answer without content negotiation (what clients send).
_PLAIN_ACCEPT = frozenset(("", "*/*", "application/json"))


def certificates_changed() -> None:
    """Retire the whole cached answers that show certificates: now, and again after the commit."""
    cache.set(CERTIFICATES_VERSION_KEY, _new_version(), None)
    transaction.on_commit(lambda: cache.set(CERTIFICATES_VERSION_KEY, _new_version(), None))


class SharedResponseMiddleware:
    """Anonymous reads that are the same for everyone, answered whole from the shared cache.

    A view opts in with `shared_response = True` (the catalogue, certificate verification). The
    first anonymous GET of a URL goes through the whole stack, and its 200 (body and headers) is
    kept, stamped with the content and certificate versions; every later one is answered here,
    with one cache round trip, before sessions, CSRF, authentication, URL routing and DRF, which
    cannot change such an answer. An If-None-Match that matches is a 304. A change to course
    content or to any certificate makes new versions, so every kept answer is retired at once.

    Everything else goes through the whole stack: other methods, a request with an Authorization
    header or a session cookie (a wrong token must still be a 401), an Accept header other than
    JSON's, and any answer that is not a 200 or sets a cookie. The middlewares before this one
    (request log, security headers, CORS) apply to every answer alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME

    @cached_property
    def shared_paths(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The paths (exact) and path prefixes (routes with a parameter) of the views that opt in,
        read from the URLconf once: other requests skip the cache round trip."""
        exact: list[str] = []
        prefixes: list[str] = []

        def walk(patterns, prefix: str) -> None:
            for pattern in patterns:
                route = prefix + str(pattern.pattern)
                if isinstance(pattern, URLResolver):
                    walk(pattern.url_patterns, route)
                elif getattr(getattr(pattern.callback, "cls", None), "shared_response", False):
                    literal, parameter, _rest = route.partition("<")
                    (prefixes if parameter else exact).append("/" + literal)

        walk(get_resolver().url_patterns, "")
        return tuple(exact), tuple(prefixes)

    def __call__(self, request):
        meta = request.META
        exact, prefixes = self.shared_paths
        if (
            (request.path not in exact and not request.path.startswith(prefixes))
            or request.method != "GET"
            or "HTTP_AUTHORIZATION" in meta
            or self.session_cookie in request.COOKIES
            or meta.get("HTTP_ACCEPT", "") not in _PLAIN_ACCEPT
        ):
            return self.get_response(request)
        # The host as sent: only hosts that the whole stack accepted ever have a kept answer.
        host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
        key = cache_key("response", request.scheme, host, request.path, meta.get("QUERY_STRING", ""))
        found = cache.get_many([*SHARED_VERSION_KEYS, key])
        stamp = tuple(found.get(name) for name in SHARED_VERSION_KEYS)
        entry = found.get(key)
        if entry is not None and entry[0] == stamp:
            return self._replay(request, entry)
        if None in stamp:  # the versions are set at first use, before the answer is built
            for name in SHARED_VERSION_KEYS:
                cache.add(name, _new_version(), None)
            versions = cache.get_many(SHARED_VERSION_KEYS)
            stamp = tuple(versions.get(name) for name in SHARED_VERSION_KEYS)
        response = self.get_response(request)
        if None not in stamp and self._keepable(request, response):
            headers = list(response.items())
            cache.set(key, (stamp, request.resolver_match.route, response.content, headers), ENTRY_TIMEOUT_SECONDS)
        return response

    @staticmethod
    def _keepable(request, response) -> bool:
        match = getattr(request, "resolver_match", None)
        view = getattr(match.func, "cls", None) if match is not None else None
        return (
            getattr(view, "shared_response", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        )

    @staticmethod
    def _replay(request, entry):
        _stamp, route, content, headers = entry
        request.served_route = route  # for the request log (courseplatform.observability)
        response = HttpResponse(content, headers=dict(headers))
        etag = response.get("ETag")
        if etag and "HTTP_IF_NONE_MATCH" in request.META:
            return get_conditional_response(request, etag=etag, response=response) or response
        return response
