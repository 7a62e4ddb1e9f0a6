"""The project's Redis cache backend (courseplatform/redis_cache.py) against a real Redis: its
reads answer what Django's backend answers, survive a dropped connection, and fail loudly when
Redis is gone (so that callers fall back to the database)."""

import os

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from courseplatform.redis_cache import RedisCache

URL = os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def cache():
    backend = RedisCache(URL, {"KEY_PREFIX": "redis-cache-test"})
    backend.clear()
    yield backend
    backend.clear()


def test_reads_answer_what_djangos_backend_answers(cache):
    django_backend = DjangoRedisCache(URL, {"KEY_PREFIX": "redis-cache-test"})
    cache.set("tuple", (1, "two", None), 60)
    django_backend.set("written-by-django", {"a": [1, 2]}, 60)
    cache.set("zero", 0, 60)

    assert cache.get("tuple") == django_backend.get("tuple") == (1, "two", None)
    assert cache.get("written-by-django") == {"a": [1, 2]}
    assert cache.get("zero") == 0  # a falsy value is a value, not a miss
    assert cache.get("missing") is None and cache.get("missing", "fallback") == "fallback"
    keys = ["tuple", "missing", "zero", "written-by-django"]
    assert cache.get_many(keys) == django_backend.get_many(keys)
    assert cache.get_many(keys) == {"tuple": (1, "two", None), "zero": 0, "written-by-django": {"a": [1, 2]}}
    assert cache.get_many([]) == {}


def test_a_read_uses_the_parser_in_c(cache):
    """hiredis is in requirements.txt: redis-py parses replies with it."""
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE
    cache.set("k", "v", 60)
    cache.get("k")
    pool = cache._cache._get_connection_pool(write=False)
    connection = pool.get_connection()
    try:
        assert "Hiredis" in type(connection._parser).__name__
    finally:
        pool.release(connection)


def test_a_read_after_the_server_dropped_the_connection_reconnects(cache):
    cache.set("k", "before", 60)
    assert cache.get("k") == "before"
    pool = cache._cache._get_connection_pool(write=False)
    connection = pool.get_connection()
    connection.send_command("CLIENT", "ID")
    client_id = connection.read_response()
    pool.release(connection)
    redis.Redis.from_url(URL).client_kill_filter(_id=client_id)

    assert cache.get("k") == "before"
    assert cache.get_many(["k"]) == {"k": "before"}


def test_a_read_interrupted_halfway_leaves_no_reply_for_the_next_one(cache, monkeypatch):
    """A read cut short after its command was sent (any exception) drops the connection: the
    unread reply must not answer the next read on it."""
    from courseplatform import redis_cache

    cache.set("first", "one", 60)
    cache.set("second", "two", 60)
    send_read = redis_cache._send_read

    def sent_then_interrupted(connection, args):
        connection.send_command(*args)
        raise RuntimeError("interrupted before the reply was read")

    monkeypatch.setattr(redis_cache, "_send_read", sent_then_interrupted)
    with pytest.raises(RuntimeError):
        cache.get("first")
    monkeypatch.setattr(redis_cache, "_send_read", send_read)

    assert cache.get("second") == "two"
    assert cache.get_many(["second", "first"]) == {"second": "two", "first": "one"}


def test_an_error_reply_keeps_the_connection(cache):
    """Redis refusing a command is a whole reply: raised, and the connection stays usable."""
    cache.set("text", "value", 60)
    with pytest.raises(redis.ResponseError):
        cache._cache._read("LPOP", cache.make_key("text"))  # WRONGTYPE
    assert cache.get("text") == "value"


def test_reads_raise_when_redis_cannot_be_reached():
    """Callers catch this and read the database instead (accounts/token_cache.py)."""
    unreachable = RedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    with pytest.raises(redis.ConnectionError):
        unreachable.get("k")
    with pytest.raises(redis.ConnectionError):
        unreachable.get_many(["k"])
