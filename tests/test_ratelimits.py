"""The spam guards count in the shared cache; seeding demo data neither uses them up nor stops
at them, and nothing a user does gets around them."""

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command

from moderators.models import Application
from moderators.services.applications import application_submit
from portal.ratelimits import over_limit, rate_limits_waived
from tests.factories import ChannelFactory, UserFactory
from tests.moderators.factories import make_opening

pytestmark = pytest.mark.django_db

# Every limit seeding goes through, at zero: any counted action is over.
LIMITS = [
    ("moderators.services.applications", "APPLICATIONS_PER_HOUR"),
    ("moderators.services.invitations", "INVITATIONS_PER_INVITER_PER_HOUR"),
    ("moderators.services.invitations", "INVITATIONS_PER_CHANNEL_PER_DAY"),
    ("debriefs.services", "DEBRIEFS_PER_HOUR"),
    ("debriefs.services", "COMMENTS_PER_HOUR"),
    ("resources.services.community", "REPORTS_PER_HOUR"),
]


def test_a_limit_counts_in_the_shared_cache():
    assert not over_limit(group="tests.limit", key="7", rate="2/h")
    assert not over_limit(group="tests.limit", key="7", rate="2/h")
    assert over_limit(group="tests.limit", key="7", rate="2/h")
    assert not over_limit(group="tests.limit", key="8", rate="2/h")


def test_inside_the_waiver_nothing_is_counted_and_after_it_the_limit_holds():
    assert not over_limit(group="tests.limit", key="7", rate="1/h")
    with rate_limits_waived():
        for _ in range(5):
            assert not over_limit(group="tests.limit", key="7", rate="1/h")
    assert over_limit(group="tests.limit", key="7", rate="1/h")


def test_seed_demo_twice_at_exhausted_limits_uses_none_of_them(settings, monkeypatch):
    settings.DEBUG = True
    for module, name in LIMITS:
        monkeypatch.setattr(f"{module}.{name}", 0)
    call_command("seed_demo", stdout=io.StringIO())
    # Seeding wrote applications, invitations and debriefs without touching a counter.
    assert Application.objects.exists()
    call_command("seed_demo", stdout=io.StringIO())
    # The same limits still refuse a person: the waiver ended with the command.
    opening = make_opening(ChannelFactory())
    applicant = UserFactory()
    with pytest.raises(ValidationError, match="many applications"):
        application_submit(opening=opening, applicant=applicant, message="Hi", answers={})
    assert not Application.objects.filter(applicant=applicant).exists()


def test_seed_demo_leaves_no_rate_limit_counter_in_the_cache(settings):
    settings.DEBUG = True
    cache.clear()
    call_command("seed_demo", stdout=io.StringIO())
    # django-ratelimit's keys start with its prefix; seeding must have written none.
    prefix = getattr(settings, "RATELIMIT_CACHE_PREFIX", "rl:")
    keys = cache_keys()
    assert keys is not None, "the test cache must list its keys"
    assert not [key for key in keys if prefix in key]


def cache_keys() -> list[str] | None:
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # local memory
        return [str(key) for key in backend]
    client = getattr(backend, "get_client", None)
    if client is not None:  # Redis
        return [key.decode() for key in client().keys("*")]
    return None
