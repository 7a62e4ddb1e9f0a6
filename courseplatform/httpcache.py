"""A shared cache for public JSON answers, with conditional GET.

Public answers that depend only on course content (the catalogue, a published course's
outline, certificates) are rendered once and kept in the default cache (Redis when CACHE_URL
says so: shared by every process). Each entry is stamped with the content version, a value
that `content_changed()` replaces after every committed change to courses, modules, lessons,
quizzes or challenges (courses/apps.py connects it to their saves and deletes; services that
change rows with a queryset `update()` call it themselves). An entry whose stamp is not the
current version is ignored, so a change shows at once, in every process sharing the cache.

Keys include the settings that change the answers (ANSWER_SETTINGS), and `migrate` (run by
every deploy) retires every entry, so new code never serves what old code cached.

Reading the version and the entry is one cache round trip (`get_many`). Every answer carries a
strong ETag (a hash of its body); `If-None-Match` with it gets a 304 without a body.

With the default per-process cache (locmem) a change made in one process is seen by that
process only: run several processes with a shared CACHE_URL.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control

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


def content_changed() -> None:
    """Retire every cached answer built from course content: now, and again once the current
    transaction commits (a request that read the rows before the commit may have stored them
    since, under the version set now)."""
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


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return etag in tags


def json_answer(request: HttpRequest, *, body: bytes, etag: str | None = None) -> HttpResponse:
    """A JSON answer with its ETag, or 304 Not Modified when the client already has it."""
    etag = etag or etag_for(body)
    if _matches(request, etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    # Anyone may keep it, but must ask again before using it: changes show at once.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def cached_content_answer(request: HttpRequest, *, key: str, build: Callable[[], Any] | None) -> HttpResponse | None:
    """The cached answer for `key`, built by `build()` (JSON-ready data) when missing or stale.

    `build` may return None (nothing to cache, e.g. not found), which returns None. With
    `build=None` only a hit is answered.
    """
    found = cache.get_many([CONTENT_VERSION_KEY, key])
    version = found.get(CONTENT_VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return json_answer(request, body=entry[2], etag=entry[1])
    if build is None:
        return None
    version = version or content_version()
    data = build()
    if data is None:
        return None
    from rest_framework.renderers import JSONRenderer  # not at import time: models import this module

    body = JSONRenderer().render(data)
    etag = etag_for(body)
    cache.set(key, (version, etag, body), ENTRY_TIMEOUT_SECONDS)
    return json_answer(request, body=body, etag=etag)


def cached_content_value(*, key: str, build: Callable[[], Any]) -> Any:
    """Any picklable value built from course content, cached under the content version like the
    answers above. `build` returning None is not cached."""
    found = cache.get_many([CONTENT_VERSION_KEY, key])
    version = found.get(CONTENT_VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    version = version or content_version()
    value = build()
    if value is not None:
        cache.set(key, (version, value), ENTRY_TIMEOUT_SECONDS)
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
