"""The demo seeder: the starter set of platform guides and Nova's training, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from resources.models import Completion, Resource, ResourceRole

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_starter_set_once(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Resource.objects.platform().count() == 5 * 4  # the starter guides in every language
    platform = Resource.objects.platform().filter(language="en")
    assert platform.count() == 5
    titles = " ".join(platform.values_list("title", flat=True)).lower()
    for topic in ("roles", "de-escalation", "raids", "streamer", "self-care"):
        assert topic in titles
    assert all(len(body) > 800 for body in platform.values_list("body", flat=True))
    assert ResourceRole.objects.filter(required=True).count() == 2
    assert Completion.objects.count() == 1
    client.login(username="viewer", password="modportal-demo")
    page = client.get(reverse("resources:community"), {"q": "raid"}).content.decode()
    assert "Handling raids and harassment" in page
