"""The demo debrief and the read-only admin."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from channels.models import AuditEvent, Channel
from debriefs.demo import seed_debriefs
from debriefs.models import Debrief
from tests.debriefs.factories import write_debrief

pytestmark = pytest.mark.django_db


def test_seed_demo_writes_one_agreed_debrief_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    debrief = Debrief.objects.get()
    assert debrief.channel.slug == "nova-streams" and debrief.lessons_agreed
    assert debrief.norm_links.count() == 2 and debrief.comments.count() == 1
    assert AuditEvent.objects.filter(action="debrief.created").count() == 1
    channels = {c.slug: c for c in Channel.objects.all()}
    users = {u.username: u for u in (debrief.author,)}
    assert seed_debriefs(channels_by_slug=channels, users_by_name=users) == []
    call_command("seed_demo", stdout=io.StringIO())
    assert Debrief.objects.count() == 1


def test_platform_admins_read_debriefs_but_change_nothing(client, team):
    debrief = write_debrief(team.channel, team.moderator, norms=())
    client.force_login(team.staff)
    listing = client.get(reverse("admin:debriefs_debrief_changelist"))
    assert listing.status_code == 200 and debrief.title in listing.content.decode()
    page = client.get(reverse("admin:debriefs_debrief_change", args=[debrief.pk]))
    assert page.status_code == 200
    client.post(reverse("admin:debriefs_debrief_change", args=[debrief.pk]), {"title": "Hacked"})
    client.post(reverse("admin:debriefs_debrief_delete", args=[debrief.pk]), {"post": "yes"})
    debrief.refresh_from_db()
    assert debrief.title == "Raid during the marathon"
