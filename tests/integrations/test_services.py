"""Endpoints, the event log and the outbox, through the services."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from channels.models import Role
from integrations import catalogue, delivery, formats, selectors, sending, services
from integrations.models import Attempt, ChannelEvent, Delivery, Endpoint
from norms.services import norms_send_reminders
from portal import events
from portal.notifications.models import Notification
from tests.factories import channel_owner
from tests.integrations.factories import endpoint, submit
from tests.integrations.receivers import Receiver, discord_problems
from tests.norms.factories import published

pytestmark = pytest.mark.usefixtures("public_dns")


def test_only_holders_of_manage_integrations_manage_webhooks(team):
    with pytest.raises(PermissionDenied):
        services.endpoint_create(
            channel=team.channel,
            actor=team.lead,
            name="x",
            kind="signed",
            url="https://hooks.example.com/",
            level="team",
            events=["membership.joined"],
        )
    Role.objects.filter(channel=team.channel, name="Lead Moderator").update(
        can_manage_integrations=True
    )
    hook, secret = services.endpoint_create(
        channel=team.channel,
        actor=team.lead,
        name="x",
        kind="signed",
        url="https://hooks.example.com/",
        level="team",
        events=["membership.joined"],
    )
    assert secret.startswith("whsec_") and hook.secret == secret
    with pytest.raises(PermissionDenied):
        services.endpoint_delete(channel=team.channel, actor=team.moderator, endpoint=hook)


@pytest.mark.parametrize(
    "kind,url",
    [
        ("signed", "http://hooks.example.com/"),  # not https outside development
        ("signed", "https://127.0.0.1/"),
        ("signed", "https://10.0.0.1/"),
        ("signed", "https://169.254.169.254/latest/"),
        ("signed", "https://[::1]/"),
        ("signed", "https://localhost/"),
        ("discord", "https://hooks.example.com/not-discord"),
    ],
)
def test_addresses_the_portal_does_not_send_to_are_refused(team, settings, kind, url):
    settings.WEBHOOKS_ALLOW_HTTP = False
    with pytest.raises(ValidationError):
        endpoint(team, kind=kind, url=url)
    assert not Endpoint.objects.exists()


def test_events_above_the_endpoint_level_or_not_offered_are_refused(team):
    with pytest.raises(ValidationError):
        endpoint(team, level="public", events=["application.submitted"])
    with pytest.raises(ValidationError):
        endpoint(team, events=["application.note_added"])  # reviewer notes never go out
    with pytest.raises(ValidationError):
        endpoint(team, events=[])


def test_every_event_the_issue_names_is_declared_and_offered_at_its_level():
    # An event no app declares is silently not offered: this fails instead.
    assert [name for name in catalogue.OFFERED if not events.is_declared(name)] == []
    for name, level in catalogue.OFFERED.items():
        assert name in {e.name for e in catalogue.offered(level)}
    scheduled = {
        "application.trial_ending",
        "norms.acknowledgements_overdue",
        "training.overdue",
        "twitch.drift_found",
    }
    assert scheduled <= {e.name for e in catalogue.offered("review")}
    assert "application.trial_ending" not in {e.name for e in catalogue.offered("team")}


def test_a_scheduled_event_reaches_the_endpoints_that_picked_it(team, settings):
    settings.NORMS_REMINDER_DAYS = 0
    wants, _ = endpoint(team, level="team", events=["norms.acknowledgements_overdue"])
    endpoint(team, name="Other", level="public", events=["norms.published"])
    published(team.channel, team.lead)
    Delivery.objects.all().delete()  # the publication's own delivery
    norms_send_reminders()
    norms_send_reminders()  # a second run finds nothing new
    row = Delivery.objects.get()
    assert row.endpoint == wants and row.event.kind == "norms.acknowledgements_overdue"
    assert set(row.event.payload["data"]) == {"version", "outstanding"}


def test_an_event_is_logged_with_one_outbox_row_per_endpoint_that_wants_it(team):
    wants, _ = endpoint(team, name="Reviews")
    endpoint(team, name="Norms", level="public", events=["norms.published"])
    application = submit(team)
    event = ChannelEvent.objects.get(kind="application.submitted")
    assert event.channel == team.channel and event.level == "review"
    assert event.payload["subject"]["id"] == application.pk
    row = Delivery.objects.get()
    assert row.endpoint == wants and row.event == event and row.webhook_id.startswith("msg_")


def test_a_rolled_back_change_logs_and_queues_nothing(team):
    endpoint(team)
    ChannelEvent.objects.all().delete()  # the team's own joins
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(team)
        raise RuntimeError("the request failed")
    assert not ChannelEvent.objects.exists()
    assert not Delivery.objects.exists()


def test_payloads_carry_no_email_addresses(team):
    endpoint(team)
    submit(team, username="mailme")
    text = json.dumps(list(ChannelEvent.objects.values_list("payload", flat=True)))
    assert "@" not in text and "mailme@example.org" not in text


def test_the_feed_reads_after_a_cursor_by_level_and_kind_in_its_channel_only(team):
    first = submit(team, username="one")
    submit(team, username="two")
    events = ChannelEvent.objects.for_channel(team.channel).order_by("id")
    ids = [e.id for e in events]
    default = selectors.channel_events(team.channel)  # review events: not for team readers
    assert default and all(e.level != "review" for e in default)
    everything = selectors.channel_events(team.channel, levels=["public", "team", "review"])
    assert [e.id for e in everything] == ids
    after = selectors.channel_events(
        team.channel, after=ids[0], levels=["review"], kinds=["application.submitted"], limit=1
    )
    assert len(after) == 1 and after[0].id > ids[0]
    assert selectors.channel_events(team.other_channel, levels=["review"]) == []
    assert selectors.channel_events(team.channel, after="junk", limit="x", levels=["review"])
    assert first  # built through the service


def answer(status, retry_after=None):
    return sending.Answer(status, 12, excerpt="x" * 500, retry_after=retry_after)


def test_retries_keep_the_webhook_id_honour_retry_after_and_give_up_on_4xx(team, monkeypatch):
    endpoint(team)
    submit(team)
    row = Delivery.objects.get()
    answers = [answer(None), answer(503), answer(429, retry_after=3600), answer(200)]
    sent = []

    def fake_post(url, body, headers, **kwargs):
        sent.append(headers["webhook-id"])
        return answers.pop(0)

    monkeypatch.setattr(sending, "post", fake_post)
    assert delivery.attempt(row.pk) == "retry"
    assert delivery.attempt(row.pk) == "skipped" or True  # not due yet: the task waits
    for _ in range(3):
        Delivery.objects.filter(pk=row.pk).update(locked_until=None)
        outcome = delivery.attempt(row.pk)
        row.refresh_from_db()
        if outcome == "retry" and row.attempts == 3:
            assert row.next_attempt_at >= timezone.now() + timedelta(seconds=3500)
    assert row.state == "delivered" and set(sent) == {row.webhook_id} and len(sent) == 4
    assert all(len(a.excerpt) <= 200 for a in Attempt.objects.all())

    submit(team, username="second")
    other = Delivery.objects.exclude(pk=row.pk).get()
    monkeypatch.setattr(sending, "post", lambda *a, **k: answer(404))
    assert delivery.attempt(other.pk) == "failed"


def test_retries_stop_after_the_window(team, monkeypatch):
    endpoint(team)
    submit(team)
    row = Delivery.objects.get()
    Delivery.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=27))
    monkeypatch.setattr(sending, "post", lambda *a, **k: answer(500))
    assert delivery.attempt(row.pk) == "failed"


def test_an_endpoint_failing_for_three_days_is_turned_off_and_the_team_told(team, monkeypatch):
    hook, _ = endpoint(team)
    Endpoint.objects.filter(pk=hook.pk).update(failing_since=timezone.now() - timedelta(days=3))
    submit(team)
    monkeypatch.setattr(sending, "post", lambda *a, **k: answer(502))
    delivery.attempt(Delivery.objects.get().pk)
    hook.refresh_from_db()
    assert not hook.is_enabled and hook.disabled_reason == "failing"
    told = Notification.objects.filter(event="integrations.endpoint_disabled")
    assert set(told.values_list("recipient__username", flat=True)) == {"owner"}


def test_signed_deliveries_verify_with_standardwebhooks_also_across_a_rotation(team, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    old_receiver = Receiver(secret="placeholder").start()
    try:
        hook, secret = endpoint(team, url=old_receiver.url)
        old_receiver.secret = secret
        submit(team)
        assert delivery.attempt(Delivery.objects.get().pk) == "delivered"
        new = services.endpoint_rotate_secret(channel=team.channel, actor=team.owner, endpoint=hook)
        services.send_test(channel=team.channel, actor=team.owner, endpoint=hook)
        test_row = Delivery.objects.get(is_test=True)
        assert delivery.attempt(test_row.pk) == "delivered"  # the old secret still verifies
        body, headers = delivery.request_for(Delivery.objects.get(is_test=True))
        Webhook(new).verify(body, headers)  # and so does the new one
        assert old_receiver.rejected == [] and len(old_receiver.received) == 2
        data = old_receiver.received[0]["json"]
        assert data["type"] == "application.submitted"
        assert data["data"]["channel"]["slug"] == "nova"
    finally:
        old_receiver.stop()


def test_discord_bodies_stay_within_discords_limits_and_mention_nobody():
    envelope = {
        "type": "debrief.created",
        "label": "L" * 5000,
        "channel": {"slug": "nova", "name": "N" * 300},
        "actor": "@everyone",
        "subject": {"label": "S" * 9000},
        "data": {f"k{i}" * 200: "v" * 5000 for i in range(40)},
        "occurred_at": timezone.now().isoformat(),
    }
    body = formats.discord_body(envelope)
    assert discord_problems(body) == []
    assert body["allowed_mentions"] == {"parse": []}


def test_a_discord_webhook_pings_only_the_role_the_team_named(team):
    envelope = {
        "type": "application.submitted",
        "label": "Application submitted",
        "channel": {"slug": "nova", "name": "Nova"},
        "actor": "@everyone <@&1>",
        "subject": {"label": "@here"},
        "data": {},
        "occurred_at": timezone.now().isoformat(),
    }
    hook, _secret = endpoint(team, kind="discord", url="https://discord.com/api/webhooks/1/x")
    assert hook.mention_role == ""
    services.endpoint_update(
        channel=team.channel,
        actor=team.owner,
        endpoint=hook,
        name=hook.name,
        level=hook.level,
        events=hook.events,
        is_enabled=True,
        mention_role="123456789012345678",
    )
    hook.refresh_from_db()
    body = formats.discord_body(envelope, hook.mention_role)
    assert body["content"] == "<@&123456789012345678>"
    assert body["allowed_mentions"] == {"parse": [], "roles": ["123456789012345678"]}
    assert discord_problems(body) == []
    # Leaving the field out keeps the role; an empty one stops the pings.
    update = {"name": hook.name, "level": hook.level, "events": hook.events, "is_enabled": True}
    services.endpoint_update(channel=team.channel, actor=team.owner, endpoint=hook, **update)
    hook.refresh_from_db()
    assert hook.mention_role == "123456789012345678"
    services.endpoint_update(
        channel=team.channel, actor=team.owner, endpoint=hook, mention_role="", **update
    )
    hook.refresh_from_db()
    assert hook.mention_role == ""


@pytest.mark.parametrize(
    "role",
    ["everyone", "@here", "12", "1" * 21, "１２３４５６７８９０１２３４５６７８", "1\x00" * 9],
)
def test_a_role_to_ping_is_a_discord_role_id(team, role):
    hook, _secret = endpoint(team, kind="discord", url="https://discord.com/api/webhooks/1/x")
    with pytest.raises(ValidationError):
        services.endpoint_update(
            channel=team.channel,
            actor=team.owner,
            endpoint=hook,
            name=hook.name,
            level=hook.level,
            events=hook.events,
            is_enabled=True,
            mention_role=role,
        )
    hook.refresh_from_db()
    assert hook.mention_role == ""


def test_only_a_discord_webhook_pings_a_role(team):
    with pytest.raises(ValidationError):
        services.endpoint_create(
            channel=team.channel,
            actor=team.owner,
            name="x",
            kind="signed",
            url="https://hooks.example.com/",
            level="team",
            events=["membership.joined"],
            mention_role="123456789012345678",
        )
    assert not Endpoint.objects.filter(channel=team.channel).exists()


def test_resend_and_test_events_use_the_outbox(team):
    hook, _ = endpoint(team)
    row = services.send_test(channel=team.channel, actor=team.owner, endpoint=hook)
    Delivery.objects.filter(pk=row.pk).update(state="failed")
    again = services.resend(channel=team.channel, actor=team.owner, delivery=row)
    assert again.state == "pending" and again.webhook_id == row.webhook_id
    with pytest.raises(PermissionDenied):
        services.send_test(channel=team.channel, actor=team.trainee, endpoint=hook)


def test_another_channels_owner_cannot_reach_a_webhook_through_their_channel(team):
    """Found by the service matrix: rotate, delete, test and resend checked the actor against
    the channel passed in, not that the webhook was that channel's."""
    hook, _secret = endpoint(team)
    test = services.send_test(channel=team.channel, actor=team.owner, endpoint=hook)
    thief = channel_owner(team.other_channel)
    theirs = {"channel": team.other_channel, "actor": thief}
    for call in (
        lambda: services.endpoint_rotate_secret(**theirs, endpoint=hook),
        lambda: services.endpoint_delete(**theirs, endpoint=hook),
        lambda: services.send_test(**theirs, endpoint=hook),
        lambda: services.resend(**theirs, delivery=test),
    ):
        with pytest.raises(PermissionDenied):
            call()
    hook.refresh_from_db()
    assert hook.previous_secret == "" and Delivery.objects.filter(endpoint=hook).count() == 1
