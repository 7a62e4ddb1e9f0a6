"""Django's Redis cache backend, with one Redis client per connection pool, and reads that skip
redis-py's per-command machinery.

Django's backend makes a new `redis.Redis` for every cache operation. Making one builds its table
of about 170 response callbacks (a case-insensitive dict, so every name upper-cased): measured at
a fifth of the CPU of a catalogue answer served from the shared cache. A `redis.Redis` holds no
connection of its own (it takes one from the pool per command and gives it back) and is safe to
share between threads, and the pool reconnects after a fork; so each process keeps one per pool.

Reads (`get`, `get_many`) are on every request's path: the token of a signed-in request, the
content version, cached answers. redis-py's client wraps each command in telemetry, event
dispatch and per-command special cases that cost more CPU than the round trip itself
(docs/benchmarks.md, "Redis reads and routing, round 5"). A read here takes a connection from the same pool
(which checks it is clean, as for any command), sends the command, reads the reply, and gives
the connection back: with the connection's own retry policy, and the connection dropped on any
error but an error reply, so that no reply is left unread on a pooled connection. Writes go
through redis-py's client unchanged.

Settings pick it for any `redis://` CACHE_URL (courseplatform/settings/base.py).
"""

import redis
from django.core.cache.backends import redis as django_redis


def _send_read(connection, args):
    connection.send_command(*args)
    return connection.read_response()


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def _read(self, *args):
        """One read command's raw reply, on a connection of the read pool."""
        pool = self._get_connection_pool(write=False)
        connection = pool.get_connection()
        try:
            return connection.retry.call_with_retry(
                lambda: _send_read(connection, args),
                lambda _error: connection.disconnect(),
            )
        except redis.ResponseError:  # an error reply is a whole reply: the connection is clean
            raise
        except BaseException:
            # Cut short after the command was sent, its reply may still come: never reuse the
            # connection (the pool's check on the next checkout can miss a reply not yet arrived).
            connection.disconnect()
            raise
        finally:
            pool.release(connection)

    def get(self, key, default):
        value = self._read("GET", key)
        return default if value is None else self._serializer.loads(value)

    def get_many(self, keys):
        if not keys:
            return {}
        values = self._read("MGET", *keys)
        return {
            key: self._serializer.loads(value) for key, value in zip(keys, values, strict=True) if value is not None
        }


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        """Django checks every key, a character at a time, against memcached's rules and warns;
        Redis has no such rules. The local-memory cache of development and of tests without Redis
        still checks them, so a key memcached would refuse is still seen there."""
