"""The cache, on Redis, as something pages can do without.

Nothing the cache holds is the only copy (sessions are in the database; the attention
counts and import previews it keeps are made again when missing), so while Redis
restarts or is away a read is a miss and a write is dropped, with a warning in the log,
instead of an error page. Its sockets time out quickly (settings: CACHES), so that a
page waits at most a fraction of a second for a Redis that is gone.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

AWAY = (RedisConnectionError, RedisTimeoutError)


def _away(operation: str, fallback):
    logger.warning("Cache unavailable (%s): Redis does not answer", operation)
    return fallback


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, with Redis away read as a miss and a write not kept."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except AWAY:
            return _away("get", default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except AWAY:
            return _away("get_many", {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except AWAY:
            return _away("has_key", False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except AWAY:
            _away("set", None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except AWAY:
            return _away("set_many", list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except AWAY:
            return _away("add", False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except AWAY:
            return _away("touch", False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except AWAY:
            return _away("delete", False)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except AWAY:
            _away("delete_many", None)
