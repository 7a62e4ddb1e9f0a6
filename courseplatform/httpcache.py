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

Reading the version and the entry is one cache round trip (`get_many`). The views answer
If-None-Match with courseplatform.conditional.ETagMixin.

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
