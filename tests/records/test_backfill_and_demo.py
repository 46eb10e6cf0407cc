"""Service records for teams formed before records were kept (the backfill command), and the
demo's: every demo member has one, and the viewer's past stint shows in the team's history."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from channels.models import Channel, Membership
from records.models import Ending, RolePeriod, ServiceRecord

pytestmark = pytest.mark.django_db


def test_the_backfill_opens_a_record_from_the_join_date_with_the_roles_held(team):
    lead = team.membership("lead")
    ServiceRecord.objects.filter(user=team.lead, channel=team.channel).delete()  # as before #29
    out = io.StringIO()
    call_command("backfill_service_records", stdout=out)
    assert "Opened 1 service records." in out.getvalue()
    record = ServiceRecord.objects.get(user=team.lead, channel=team.channel)
    assert record.started_at == lead.joined_at and record.ended_at is None
    periods = RolePeriod.objects.filter(record=record)
    assert [(p.role_name, p.started_at) for p in periods] == [("Lead Moderator", lead.joined_at)]
    call_command("backfill_service_records", stdout=out)  # again: nothing more
    assert ServiceRecord.objects.filter(user=team.lead).count() == 1


def test_the_demo_has_a_record_for_every_member_and_a_past_stint(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing doubles
    for membership in Membership.objects.filter(is_owner=False):
        assert (
            ServiceRecord.objects.filter(
                channel=membership.channel, user=membership.user, ended_at__isnull=True
            ).count()
            == 1
        )
    viewer = get_user_model().objects.get(username="viewer")
    past = ServiceRecord.objects.get(user=viewer)
    assert past.ending == Ending.LEFT and past.channel.slug == "speedrun-sanctuary"
    owner = Membership.objects.get(channel=past.channel, is_owner=True).user
    client.force_login(owner)
    page = client.get(reverse("records:team_history", args=["speedrun-sanctuary"]))
    assert "@viewer" in page.content.decode()
    client.force_login(viewer)
    assert "Speedrun Sanctuary" in client.get(reverse("records:mine")).content.decode()
    assert Channel.objects.filter(slug="speedrun-sanctuary").exists()
