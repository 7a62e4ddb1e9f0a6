"""The token cache (accounts/token_cache.py): a token used once is read from the cache, and every
change that must end or change a signed-in session shows on the very next request."""

import zlib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import get_token_model
from rest_framework.test import APIClient

from accounts import token_cache
from accounts.authentication import token_with_user_get
from accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _signed_in(user: User, **token_fields) -> tuple[APIClient, str]:
    """A client whose token has been used once, so that its read is in the token cache."""
    _, token = get_token_model().objects.create(user=user, **token_fields)
    client = _client(token)
    assert client.get("/api/v1/me/").status_code == 200
    assert token_cache.rows_get(hash_token(token)) is not None
    return client, token


def _token_reads(client: APIClient) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me/").status_code == 200
    return sum('FROM "knox_authtoken"' in q["sql"] for q in queries)


def test_a_used_token_is_read_from_the_cache_with_the_same_user():
    user = UserFactory(name="Robin")
    client, token = _signed_in(user)

    assert _token_reads(client) == 0
    cached = token_with_user_get(digest=hash_token(token))
    from_db = get_token_model().objects.select_related("user").get(digest=hash_token(token))
    fields = [f.attname for f in User._meta.concrete_fields if f.attname != "password"]
    assert [getattr(cached.user, f) for f in fields] == [getattr(from_db.user, f) for f in fields]
    assert cached.expiry == from_db.expiry and cached.user._state.adding is False


def test_the_cache_keeps_no_token_and_no_password_hash():
    user = UserFactory()
    _, token = _signed_in(user)

    kept = repr(token_cache.rows_get(hash_token(token)))
    assert token not in kept
    assert user.password not in kept
    # A user from the cache still checks its password (Django loads the hash when asked).
    cached = token_with_user_get(digest=hash_token(token))
    assert cached.user.check_password(PASSWORD)


def test_a_password_change_through_a_cached_session_works_and_ends_the_other_sessions():
    user = UserFactory()
    client, _ = _signed_in(user)
    _, other = _signed_in(user)

    response = client.post(
        "/api/v1/me/password/",
        {"current_password": PASSWORD, "new_password": "a-new-and-long-passphrase"},
        format="json",
    )

    assert response.status_code in (200, 204), response.content
    assert _client(other).get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    "end",
    [
        pytest.param(lambda client, user, token: client.post("/api/v1/auth/logout/"), id="sign-out"),
        pytest.param(lambda client, user, token: client.post("/api/v1/auth/logout-all/"), id="sign-out-everywhere"),
        pytest.param(
            lambda client, user, token: get_token_model().objects.get(digest=hash_token(token)).delete(),
            id="token-deleted",
        ),
        pytest.param(
            lambda client, user, token: get_token_model().objects.filter(user=user).delete(), id="tokens-deleted"
        ),
        pytest.param(
            lambda client, user, token: (setattr(user, "is_active", False), user.save()), id="deactivated-and-saved"
        ),
        pytest.param(
            lambda client, user, token: User.objects.filter(pk=user.pk).update(is_active=False),
            id="deactivated-by-update",
        ),
        pytest.param(
            lambda client, user, token: client.delete("/api/v1/me/", {"password": PASSWORD}, format="json"),
            id="account-deleted",
        ),
        pytest.param(lambda client, user, token: user.delete(), id="user-deleted"),
    ],
)
def test_every_end_of_a_session_shows_on_the_next_request(end):
    user = UserFactory()
    client, token = _signed_in(user)

    end(client, user, token)

    assert _client(token).get("/api/v1/me/").status_code == 401


def test_a_change_to_the_user_shows_on_the_next_request():
    user = UserFactory(name="Before")
    client, _ = _signed_in(user)

    User.objects.filter(pk=user.pk).update(name="By update")
    assert client.get("/api/v1/me/").json()["name"] == "By update"
    user.refresh_from_db()
    user.name = "By save"
    user.save(update_fields=["name"])
    assert client.get("/api/v1/me/").json()["name"] == "By save"


def test_an_expired_token_is_refused_although_its_read_is_kept():
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client, token = _signed_in(user, expiry=timedelta(seconds=30))
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        assert token_cache.rows_get(hash_token(token)) is not None  # kept for a minute
        assert client.get("/api/v1/me/").status_code == 401
    assert not get_token_model().objects.filter(digest=hash_token(token)).exists()


def test_a_read_from_before_a_revocation_cannot_be_put_back():
    user = UserFactory()
    _, token = _signed_in(user)
    digest = hash_token(token)
    stale = token_cache.rows_get(digest)

    get_token_model().objects.filter(digest=digest).delete()
    token_cache.rows_keep(digest, *stale)  # a request that read the row just before the delete

    assert token_cache.rows_get(digest) is None
    assert _client(token).get("/api/v1/me/").status_code == 401


def test_an_unreachable_cache_reads_the_database(monkeypatch):
    user = UserFactory()
    client, token = _signed_in(user)

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", unreachable)
    monkeypatch.setattr(cache, "add", unreachable)
    assert _token_reads(client) == 1
    monkeypatch.setattr(cache, "set_many", unreachable)
    assert client.post("/api/v1/auth/logout/").status_code in (200, 204)  # logged, not a failure
    monkeypatch.undo()
    cache.clear()
    assert _client(token).get("/api/v1/me/").status_code == 401


def test_off_without_a_shared_cache(settings):
    settings.API_TOKEN_CACHE_SECONDS = 0
    user = UserFactory()
    _, token = get_token_model().objects.create(user=user)
    client = _client(token)

    assert client.get("/api/v1/me/").status_code == 200
    assert token_cache.rows_get(hash_token(token)) is None
    assert _token_reads(client) == 1


def test_entries_are_keyed_by_the_models_column_layout():
    user = UserFactory()
    _, token = _signed_in(user)
    digest = hash_token(token)
    assert token_cache.rows_get(digest) is not None

    token_cache._key_prefix.cache_clear()
    try:
        with mock.patch.object(zlib, "crc32", return_value=1):  # as if a deploy added a user field
            assert token_cache.rows_get(digest) is None
            assert _client(token).get("/api/v1/me/").status_code == 200
    finally:
        token_cache._key_prefix.cache_clear()
