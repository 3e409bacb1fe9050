"""Redis away: the cache is something pages do without (organisations/cache.py)."""

import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from organisations.models import Role


def closed_port() -> int:
    """A port nothing listens on (bound for a moment, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_away(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "organisations.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    yield
    cache.close()


def test_a_read_is_a_miss_and_a_write_is_not_kept_while_redis_is_away(redis_away, caplog):
    cache.set("key", "value")
    assert cache.get("key", "missing") == "missing"
    assert cache.get_many(["key"]) == {}
    assert cache.add("key", "value") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("key") is False
    assert cache.has_key("key") is False
    assert "Cache unavailable (set)" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.HR_ADVISER, Role.DIRECTOR])
def test_the_dashboard_and_its_attention_count_work_while_redis_is_away(
    redis_away, login, members, role
):
    client = login(members[role])
    response = client.get(reverse("organisations:dashboard"))
    assert response.status_code == 200
    assert 'id="attention"' in response.text
    # The header asks for its count, which is made again from the data.
    count = client.get(reverse("organisations:attention_count"))
    assert count.status_code == 200
    assert "mw-attention-count__number" in count.text
