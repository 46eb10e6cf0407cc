"""The EventSub webhook: Twitch's signature, the challenge, replays and stale messages
refused, and a moderator change on a linked broadcaster fetching that channel's lists."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from twitch.eventsub import signature
from twitch.models import TwitchDrift, TwitchListEntry

pytestmark = pytest.mark.django_db
SECRET = "eventsub-secret-0123456789"


@pytest.fixture
def secret(settings):
    settings.TWITCH_EVENTSUB_SECRET = SECRET


def send(client, payload, *, kind="notification", message_id=None, sent=None, key=SECRET):
    body = json.dumps(payload).encode()
    message_id = message_id or str(uuid.uuid4())
    timestamp = (sent or timezone.now()).strftime("%Y-%m-%dT%H:%M:%S.%f123Z")
    return client.post(
        reverse("twitch:eventsub"),
        body,
        content_type="application/json",
        headers={
            "Twitch-Eventsub-Message-Id": message_id,
            "Twitch-Eventsub-Message-Timestamp": timestamp,
            "Twitch-Eventsub-Message-Signature": signature(key, message_id, timestamp, body),
            "Twitch-Eventsub-Message-Type": kind,
        },
    )


def moderator_added(broadcaster="1000", user="2002"):
    return {
        "subscription": {"type": "channel.moderator.add", "version": "1"},
        "event": {"broadcaster_user_id": broadcaster, "user_id": user, "user_login": "x"},
    }


def test_the_challenge_is_answered(client, secret):
    response = send(
        client, {"challenge": "pogchamp-kappa-360noscope"}, kind="webhook_callback_verification"
    )
    assert response.status_code == 200
    assert response.content == b"pogchamp-kappa-360noscope"
    assert response["Content-Type"].startswith("text/plain")


def test_a_notification_fetches_the_lists_and_shows_the_difference(client, secret, linked):
    linked.fake.channels["1000"].mods.append("2002")  # the trainee modded in chat
    assert send(client, moderator_added()).status_code == 204
    assert TwitchListEntry.objects.for_channel(linked.team.channel).count() == 2
    drift = TwitchDrift.objects.for_channel(linked.team.channel).get()
    assert (drift.login, drift.actual_status) == ("traineetom", "moderator")


def test_forged_and_stale_messages_are_refused_and_redeliveries_ignored(client, secret, linked):
    assert send(client, moderator_added(), key="not-the-secret").status_code == 403
    old = timezone.now() - timedelta(minutes=11)
    assert send(client, moderator_added(), sent=old).status_code == 403
    ahead = timezone.now() + timedelta(minutes=11)
    assert send(client, moderator_added(), sent=ahead).status_code == 403
    assert send(client, moderator_added(), message_id="once").status_code == 204
    fetched = len(linked.fake.requests)
    # Twitch may deliver a message again: a 2xx, as its docs ask, and no second effect.
    assert send(client, moderator_added(), message_id="once").status_code == 204
    assert len(linked.fake.requests) == fetched
    # A seen id with a forged signature or an old timestamp is still refused.
    assert send(client, moderator_added(), message_id="once", key="forged").status_code == 403
    assert send(client, moderator_added(), message_id="once", sent=old).status_code == 403
    response = client.post(reverse("twitch:eventsub"), b"{}", content_type="application/json")
    assert response.status_code == 403


def test_without_a_secret_there_is_no_endpoint(client, settings):
    settings.TWITCH_EVENTSUB_SECRET = ""
    assert send(client, moderator_added()).status_code == 404


def test_other_broadcasters_and_events_fetch_nothing(client, secret, linked):
    assert send(client, moderator_added(broadcaster="9999")).status_code == 204
    other = {"subscription": {"type": "channel.follow"}, "event": {"broadcaster_user_id": "1000"}}
    assert send(client, other).status_code == 204
    assert linked.fake.requests == []
