"""One-click unsubscribe: a signed link that works without login and changes one preference."""

import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from portal.notifications import services, tokens
from portal.notifications.models import NotificationPreference
from portal.notifications.registry import Delivery
from tests.notifications.test_digest import digest_user


def url(token):
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def test_the_email_link_shows_a_confirm_page_and_one_click_post_applies(
    events, people, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            event="test.poked", recipients=[people.alice], channel=channels.lounge, actor=people.bob
        )
    link = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    path = link.removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)  # mail providers POST without a CSRF token

    page = client.get(path)
    assert page.status_code == 200
    assert b"Stop these emails?" in page.content and b"Lounge" in page.content
    assert not NotificationPreference.objects.exists()  # link scanners GET: nothing changes

    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"unsubscribed" in done.content
    preference = NotificationPreference.objects.get()
    assert (preference.user, preference.event, preference.channel) == (
        people.alice,
        "test.poked",
        channels.lounge,
    )
    assert preference.delivery == Delivery.IN_APP  # the inbox entry stays, the email stops
    assert services.delivery_for(user=people.alice, event="test.poked") == Delivery.IMMEDIATE
    assert client.post(path).status_code == 200  # twice is fine
    assert NotificationPreference.objects.count() == 1


def test_an_event_without_per_channel_choice_unsubscribes_everywhere(events, people):
    services.preference_set(user=people.alice, event="test.waved", delivery=Delivery.IMMEDIATE)
    token = tokens.unsubscribe_token(user=people.alice, event="test.waved", channel_id=123)
    assert Client().post(url(token)).status_code == 200
    assert services.delivery_for(user=people.alice, event="test.waved") == Delivery.IN_APP
    assert NotificationPreference.objects.get().channel_id is None


def test_the_digest_link_stops_digests_only(events, people, channels):
    alice = digest_user("digester")
    services.preference_set(user=alice, event="test.waved", delivery=Delivery.IMMEDIATE)
    token = tokens.unsubscribe_token(user=alice, event=tokens.DIGEST_SCOPE)
    assert b"Daily digest" in Client().get(url(token)).content
    # A GET changes nothing.
    assert services.delivery_for(user=alice, event="test.poked") == Delivery.DIGEST
    done = Client().post(url(token))
    assert done.status_code == 200 and b"unsubscribed" in done.content
    assert services.delivery_for(user=alice, event="test.poked") == Delivery.IN_APP
    assert services.delivery_for(user=alice, event="test.waved") == Delivery.IMMEDIATE


def tampered_tokens(token):
    payload, stamp, signature = token.rsplit(":", 2)
    forged = signing.dumps({"u": 1, "e": "test.poked", "c": None}, salt="another.salt")
    return [
        f"{payload}:{stamp}:{signature[:-2]}xx",
        f"{payload[:-2]}AA:{stamp}:{signature}",
        forged,
        "not-a-token",
        "%00",
        "x" * 2000,
    ]


def test_a_tampered_link_is_refused_with_a_clear_page(events, people):
    token = tokens.unsubscribe_token(user=people.alice, event="test.poked")
    for bad in tampered_tokens(token):
        for method in (Client().get, Client().post):
            response = method(url(bad))
            assert response.status_code == 400, bad
            assert b"This unsubscribe link isn" in response.content
    assert not NotificationPreference.objects.exists()


class IssuedLongAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 100 * 24 * 3600)


def test_an_expired_link_is_refused_with_a_clear_page(events, people, settings):
    settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE = 90 * 24 * 3600
    old = IssuedLongAgo(salt=tokens.UNSUBSCRIBE_SALT).sign_object(
        {"u": people.alice.pk, "e": "test.poked", "c": None}
    )
    response = Client().post(url(old))
    assert response.status_code == 400
    assert b"This unsubscribe link has expired" in response.content
    assert b"notification settings" in response.content
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"u": 2**70, "e": "test.poked", "c": None},  # no such user
        {"u": "x", "e": "test.poked", "c": None},
        {"u": 1, "e": "no.such_event", "c": None},
        {"u": 1, "e": "test.poked", "c": "\x00"},
        {"e": "test.poked"},
        ["not", "a", "dict"],
    ],
)
def test_validly_signed_nonsense_is_refused(events, people, payload):
    if isinstance(payload, dict) and payload.get("u") == 1:
        payload["u"] = people.alice.pk
    token = signing.dumps(payload, salt=tokens.UNSUBSCRIBE_SALT)
    assert Client().post(url(token)).status_code == 400
    assert not NotificationPreference.objects.exists()
