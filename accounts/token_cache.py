"""A short-lived shared cache of the token read that every signed-in request makes.

Without it each signed-in request reads its token and user from PostgreSQL: a round trip and
building two rows of forty columns, about a third of an empty signed-in request
(docs/benchmarks.md). With it, a token used in the last `API_TOKEN_CACHE_SECONDS` is one cache
read. It is on only where the cache is shared by every process (Redis), so that a revocation in
one process is seen by all of them.

What is kept, under the token's digest: the token's row and its user's row without the password
hash (a user read from here loads the hash from the database when something asks for it, as for
a password change), never the token itself.

Correct at once: every change the ORM makes to a token or a user retires the entries of that
user's tokens: a token deleted (sign-out, sign-out everywhere, a password change or reset, the
admin, an account deleted with its tokens), a user saved or deleted, and a queryset `update()`
of users (`accounts.models.UserQuerySet`). Retiring writes a tombstone for the entries' lifetime
instead of deleting them, and readers only ever `add`: a request that read the old rows from the
database just before the change cannot put them back. What the ORM does not see (SQL typed into
a database shell) shows within the lifetime of an entry. If the cache cannot be reached, tokens
are read from the database, and a retirement that could not be written is logged as an error.
"""

import functools
import logging
import zlib

from django.conf import settings
from django.core.cache import cache

from courseplatform.httpcache import cache_get_with_content_version

logger = logging.getLogger(__name__)

_TOMBSTONE = "retired"


@functools.cache
def _key_prefix() -> str:
    """Entries are rows in the models' column order: a deploy that changes the token's or the user's
    fields reads under a new prefix instead of misreading the old rows."""
    from django.contrib.auth import get_user_model
    from knox.models import get_token_model

    names = [f.attname for model in (get_token_model(), get_user_model()) for f in model._meta.concrete_fields]
    return f"auth:token:v1:{zlib.crc32(','.join(names).encode()):08x}:"


def _key(digest: str) -> str:
    return _key_prefix() + digest


def lifetime() -> int:
    return settings.API_TOKEN_CACHE_SECONDS


def rows_get(digest: str):
    """(token values, user values) kept for this digest, or None (nothing usable kept). The content
    version comes in the same round trip, for the rest of the request (courseplatform/httpcache.py)."""
    try:
        kept = cache_get_with_content_version(_key(digest))  # one round trip for both
    except Exception:  # the cache is an optimisation: any failure reads the database instead
        logger.warning("token cache unreachable; reading the token from the database", exc_info=True)
        return None
    return kept if isinstance(kept, tuple) else None


def rows_keep(digest: str, token_values: tuple, user_values: tuple) -> None:
    """Keep the rows just read, unless the entry exists (a tombstone of a change, or a reader's)."""
    try:
        cache.add(_key(digest), (token_values, user_values), lifetime())
    except Exception:
        logger.warning("token cache unreachable; token read not kept", exc_info=True)


def tokens_retire(digests) -> None:
    keys = [_key(digest) for digest in digests]
    if not keys or not lifetime():
        return
    try:
        cache.set_many(dict.fromkeys(keys, _TOMBSTONE), lifetime())
    except Exception:
        # The entries expire on their own within their lifetime; nothing else can be done here.
        logger.error("token cache unreachable; %d token entries not retired", len(keys), exc_info=True)


def user_tokens_retire(user_ids) -> None:
    """Retire the kept reads of every token of these users."""
    if not lifetime():
        return
    from knox.models import get_token_model

    ids = list(user_ids)
    if ids:
        tokens_retire(get_token_model().objects.filter(user_id__in=ids).values_list("digest", flat=True))


def _token_deleted(sender, instance, **kwargs) -> None:
    tokens_retire([instance.digest])


def _user_changed(sender, instance, **kwargs) -> None:
    user_tokens_retire([instance.pk])


def connect() -> None:
    """Retire kept reads on every ORM change to a token or a user (AccountsConfig.ready)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save
    from knox.models import get_token_model

    post_delete.connect(_token_deleted, sender=get_token_model(), dispatch_uid="token_cache_token_deleted")
    post_save.connect(_user_changed, sender=get_user_model(), dispatch_uid="token_cache_user_saved")
    post_delete.connect(_user_changed, sender=get_user_model(), dispatch_uid="token_cache_user_deleted")
