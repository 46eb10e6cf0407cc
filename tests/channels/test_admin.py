"""The platform admin: searchable, read-only for tenant data, suspension through the service."""

import pytest
from django.urls import reverse

from channels.models import AuditEvent, Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for(client, team):
    client.force_login(team.staff)
    return client


@pytest.mark.parametrize("model", ["channel", "role", "membership", "auditevent"])
def test_changelists_and_search(admin_client_for, model):
    url = reverse(f"admin:channels_{model}_changelist")
    assert admin_client_for.get(url).status_code == 200
    assert admin_client_for.get(url, {"q": "nova\x00<script>"}).status_code == 200


def test_audit_events_cannot_be_edited_or_deleted(admin_client_for, team):
    event = AuditEvent.objects.for_channel(team.channel).first()
    change = reverse("admin:channels_auditevent_change", args=[event.pk])
    assert admin_client_for.get(change).status_code == 200  # view only
    assert admin_client_for.post(change, {"action": "forged"}).status_code == 403
    delete = reverse("admin:channels_auditevent_delete", args=[event.pk])
    assert admin_client_for.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, action=event.action).exists()


def test_channel_fields_are_read_only_in_the_admin(admin_client_for, team):
    url = reverse("admin:channels_channel_change", args=[team.channel.pk])
    admin_client_for.post(url, {"name": "Renamed in admin", "slug": "nova"})
    assert Channel.objects.get(pk=team.channel.pk).name == "Nova Streams"


def test_suspend_from_the_admin_is_audited(
    admin_client_for, team, django_capture_on_commit_callbacks
):
    url = reverse("admin:channels_channel_changelist")
    data = {"action": "suspend", "_selected_action": [team.channel.pk]}
    page = admin_client_for.post(url, data)
    assert page.status_code == 200 and "Suspend these channels?" in page.content.decode()
    assert not Channel.objects.get(pk=team.channel.pk).is_suspended
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_for.post(url, {**data, "apply": "1", "reason": "Spam"})
    assert response.status_code == 302
    channel = Channel.objects.get(pk=team.channel.pk)
    assert channel.is_suspended and channel.suspension_reason == "Spam"
    event = AuditEvent.objects.for_channel(channel).latest("id")
    assert (event.action, event.actor, event.after) == (
        "channel.suspended",
        team.staff,
        {"reason": "Spam"},
    )
    admin_client_for.post(url, {"action": "unsuspend", "_selected_action": [team.channel.pk]})
    assert not Channel.objects.get(pk=team.channel.pk).is_suspended


def test_suspend_needs_a_reason(admin_client_for, team):
    url = reverse("admin:channels_channel_changelist")
    data = {"action": "suspend", "_selected_action": [team.channel.pk], "apply": "1", "reason": ""}
    assert admin_client_for.post(url, data).status_code == 200
    assert not Channel.objects.get(pk=team.channel.pk).is_suspended


def test_non_staff_cannot_use_the_admin(client, team):
    client.force_login(team.owner)
    assert client.get(reverse("admin:channels_channel_changelist")).status_code == 302
