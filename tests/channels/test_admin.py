"""The platform admin: searchable, read-only for tenant data, suspension through the service."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from channels import services
from channels.models import AuditEvent, Channel
from portal.notifications.models import Notification
from tests.factories import UserFactory

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
    response = admin_client_for.post(url, {"name": "Renamed in admin", "slug": "nova"})
    assert response.status_code == 403
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
    response = admin_client_for.post(
        url, {"action": "unsuspend", "_selected_action": [team.channel.pk]}
    )
    assert response.status_code == 302
    assert not Channel.objects.get(pk=team.channel.pk).is_suspended


def test_suspend_needs_a_reason(admin_client_for, team):
    url = reverse("admin:channels_channel_changelist")
    data = {"action": "suspend", "_selected_action": [team.channel.pk], "apply": "1", "reason": ""}
    assert admin_client_for.post(url, data).status_code == 200
    assert not Channel.objects.get(pk=team.channel.pk).is_suspended


def test_non_staff_cannot_use_the_admin(client, team):
    client.force_login(team.owner)
    assert client.get(reverse("admin:channels_channel_changelist")).status_code == 302


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_staff_without_the_suspend_permission_get_403_and_change_nothing(client, team):
    channel_admin = reverse("admin:channels_channel_changelist")
    client.force_login(staff_with())
    assert client.get(channel_admin).status_code == 403  # no view permission either
    client.force_login(staff_with("view_channel"))
    page = client.get(channel_admin)
    assert page.status_code == 200 and "Suspend selected channels" not in page.content.decode()
    before = list(AuditEvent.objects.for_channel(team.channel).values_list("id", flat=True))
    for data in (
        {"action": "suspend", "_selected_action": [team.channel.pk]},
        {"action": "suspend", "_selected_action": [team.channel.pk], "apply": "1", "reason": "x"},
        {"action": "unsuspend", "_selected_action": [team.channel.pk]},
    ):
        assert client.post(channel_admin, data).status_code == 403, data
    # The change page offers no edit rights to a staff account either.
    change = reverse("admin:channels_channel_change", args=[team.channel.pk])
    assert client.post(change, {"name": "Renamed", "slug": "nova"}).status_code == 403
    channel = Channel.objects.get(pk=team.channel.pk)
    assert not channel.is_suspended and channel.name == "Nova Streams"
    assert list(AuditEvent.objects.for_channel(channel).values_list("id", flat=True)) == before


def test_the_service_refuses_staff_without_the_permission(team):
    staff = staff_with("view_channel", "change_channel")
    with pytest.raises(PermissionDenied):
        services.channel_suspend(channel=team.channel, actor=staff, reason="Spam")
    assert not Channel.objects.get(pk=team.channel.pk).is_suspended
    holder = staff_with("suspend_channel")
    services.channel_suspend(channel=team.channel, actor=holder, reason="Spam")
    with pytest.raises(PermissionDenied):
        services.channel_unsuspend(channel=team.channel, actor=staff)
    assert Channel.objects.get(pk=team.channel.pk).is_suspended
    # The permission alone, on an account that is no longer staff, is not enough.
    holder.is_staff = False
    holder.save()
    with pytest.raises(PermissionDenied):
        services.channel_unsuspend(
            channel=team.channel, actor=type(holder).objects.get(pk=holder.pk)
        )
    assert Channel.objects.get(pk=team.channel.pk).is_suspended


def test_staff_with_the_permission_suspend_and_it_is_audited(
    client, team, django_capture_on_commit_callbacks
):
    moderator_of_platform = staff_with("view_channel", "suspend_channel")
    client.force_login(moderator_of_platform)
    url = reverse("admin:channels_channel_changelist")
    assert "Suspend selected channels" in client.get(url).content.decode()
    data = {"action": "suspend", "_selected_action": [team.channel.pk]}
    assert "Suspend these channels?" in client.post(url, data).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "apply": "1", "reason": "Raids"})
    assert response.status_code == 302
    channel = Channel.objects.get(pk=team.channel.pk)
    assert channel.is_suspended and channel.suspension_reason == "Raids"
    event = AuditEvent.objects.for_channel(channel).latest("id")
    assert (event.action, event.actor, event.after) == (
        "channel.suspended",
        moderator_of_platform,
        {"reason": "Raids"},
    )
    assert Notification.objects.filter(recipient=team.owner, event="channel.suspended").exists()
    response = client.post(url, {"action": "unsuspend", "_selected_action": [team.channel.pk]})
    assert response.status_code == 302
    assert not Channel.objects.get(pk=team.channel.pk).is_suspended
    event = AuditEvent.objects.for_channel(channel).latest("id")
    assert (event.action, event.actor) == ("channel.unsuspended", moderator_of_platform)
