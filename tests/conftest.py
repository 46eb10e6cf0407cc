import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.models.signals import post_migrate
from django.utils import translation

from norms.models import NormTemplate, NormTemplateItem
from norms.starter import ensure_starter_templates
from tests.factories import UserFactory, build_team
from tests.parallel import (  # noqa: F401 (hooks: what each pytest-xdist worker owns, --quick)
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
)
from tests.snapshots import Snapshot, forget_all


def _reseed_after_flush(sender, **kwargs):
    """Rows the data migrations seed (the starter norm templates) come back after a flush.

    A test on `transactional_db` (browser journeys, real workers) ends by flushing every table,
    which emits post_migrate but runs no migration: without this, a later test on the same
    database (the same xdist worker, or a reused database) would find no starter template."""
    if sender.name != "norms":
        return
    ensure_starter_templates(NormTemplate, NormTemplateItem)
    languages = [code for code, _name in django_settings.LANGUAGES if code != "en"]
    ensure_starter_templates(NormTemplate, NormTemplateItem, languages=languages)


post_migrate.connect(_reseed_after_flush, dispatch_uid="tests.reseed_after_flush")
# A flush removes rows the kept snapshots point at: they build afresh on their next use.
post_migrate.connect(forget_all, dispatch_uid="tests.snapshots.forget_all")

TEAM = Snapshot(build_team)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private-media")
    # PBKDF2 at production strength dominates a suite that logs many users in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The Twitch sync's pages are under test everywhere (matrix, sweeps); tests/twitch turn
    # it off to check that it hides. It reaches Twitch only at tests' local servers.
    settings.TWITCH_SYNC_ENABLED = True
    settings.TWITCH_API_BASE_URL = "http://127.0.0.1:9/helix"
    settings.TWITCH_TOKEN_URL = "http://127.0.0.1:9/oauth2/token"
    settings.TWITCH_ID_BASE_URL = "http://127.0.0.1:9"
    # Rate limits and used TOTP codes live in the cache: start every test from an empty one.
    cache.clear()
    # LocaleMiddleware leaves a request's language active in the test's thread, so a German
    # request in one test would turn the next test's messages German: every test starts (and
    # its thread ends) in the site's language.
    with translation.override(django_settings.LANGUAGE_CODE):
        yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


@pytest.fixture
def redis_broker():
    """Point this process's Celery app at the test Redis, and empty it before and after."""
    import redis

    from portal.celery import app
    from tests.processes import redis_url, reset_broker_pools

    url = redis_url()
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {url}: run bin/services (or bin/test)")
    client.flushdb()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    reset_broker_pools()
    yield url
    app.conf.update(saved)
    reset_broker_pools()
    client.flushdb()


@pytest.fixture
def celery_worker_process(redis_broker, transactional_db):
    """A real `celery -A portal worker` process on Redis, using the test database."""
    from tests.processes import Worker

    worker = Worker(broker=redis_broker).start()
    yield worker
    worker.stop()


@pytest.fixture
def team(db):
    """tests.factories.Team: the Nova channel with owner, lead, moderator and trainee, plus an
    outsider, a member of another channel and a superuser. Built by the services once per test
    process and put back for each test in one statement (tests/snapshots.py)."""
    return TEAM.restore()
