"""The admin shows norms read-only and maintains starter templates; seed_demo seeds norms."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from channels.models import Channel, Membership
from norms.demo import seed_norms
from norms.models import Acknowledgement, NormSet, NormTemplate, NormVersion
from tests.norms.factories import published

pytestmark = pytest.mark.django_db

READ_ONLY = ["normset", "normversion", "acknowledgement", "normcomment", "draftnorm"]


@pytest.mark.parametrize("model", READ_ONLY)
def test_norms_are_read_only_in_the_admin(client, team, model):
    version, _norms = published(team.channel, team.lead)
    client.force_login(team.staff)
    changelist = client.get(reverse(f"admin:norms_{model}_changelist"), {"q": "nova"})
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:norms_{model}_add")).status_code == 403
    if model == "normversion":
        change = reverse("admin:norms_normversion_change", args=[version.pk])
        page = client.get(change)
        assert page.status_code == 200 and 'name="summary"' not in page.content.decode()
        assert client.post(change, {"summary": "Rewritten"}).status_code == 403
        delete = reverse("admin:norms_normversion_delete", args=[version.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert NormVersion.objects.get(pk=version.pk).summary == "Our first rules"


def test_platform_admins_maintain_starter_templates(client, team):
    client.force_login(team.staff)
    response = client.post(
        reverse("admin:norms_normtemplate_add"),
        {
            "name": "Chill chat",
            "description": "For cosy streams",
            "language": "en",
            "is_active": "on",
            "position": "5",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-position": "0",
            "items-0-title": "Stay cosy",
            "items-0-category": "behaviour",
            "items-0-first_action": "remind",
            "items-0-repeated_action": "delete",
            "items-0-severe_action": "ban",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = NormTemplate.objects.get(name="Chill chat")
    assert [item.title for item in template.items.all()] == ["Stay cosy"]


def test_seed_demo_gives_each_demo_channel_two_versions_and_partial_acknowledgement(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    channels = {c.slug: c for c in Channel.objects.all()}
    assert seed_norms(channels_by_slug=channels) == ["", "Demo norms (public at /c/<slug>/rules/):"]
    demo = NormSet.objects.select_related("channel")
    assert demo.count() == 2
    for norm_set in demo:
        assert norm_set.current_number == 2
        assert NormVersion.objects.for_channel(norm_set.channel).count() == 2
        acknowledged = Acknowledgement.objects.filter(version=norm_set.current_version).count()
        team = Membership.objects.for_channel(norm_set.channel).count()
        assert 0 < acknowledged < team
