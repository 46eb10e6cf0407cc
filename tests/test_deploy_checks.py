"""`manage.py check --deploy` warns about state that would stay on one node."""

from portal import checks


def test_a_per_process_cache_is_flagged_for_production(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in checks.shared_state(None)] == ["portal.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    assert checks.shared_state(None) == []


def test_replicas_must_be_postgresql(settings):
    assert checks.replicas_are_postgresql(None) == []  # none configured in the tests
