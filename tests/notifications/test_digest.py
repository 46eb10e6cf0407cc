"""The daily digest: due in each user's own time zone, grouped by channel, never twice."""

from datetime import UTC, datetime, timedelta

from django.core import mail
from django.utils import timezone

from portal.notifications import delivery, services, tasks
from portal.notifications.models import Notification, State
from portal.notifications.registry import Delivery
from tests.factories import UserFactory


def digest_user(username, *, time_zone="UTC"):
    user = UserFactory(username=username, time_zone=time_zone)
    services.preference_set(user=user, event="test.poked", delivery=Delivery.DIGEST)
    return user


def poke(channel, actor, recipients, note=""):
    return services.notify(
        event="test.poked",
        recipients=recipients,
        channel=channel,
        actor=actor,
        target=channel,
        context={"note": note},
    )


def test_digests_are_due_at_the_digest_hour_in_each_users_time_zone(
    events, people, channels, settings
):
    settings.NOTIFICATIONS_DIGEST_HOUR = 8
    tokyo = digest_user("tokyo", time_zone="Asia/Tokyo")  # UTC+9
    new_york = digest_user("newyork", time_zone="America/New_York")  # UTC-5 in January
    kolkata = digest_user("kolkata", time_zone="Asia/Kolkata")  # UTC+5:30: 03:00 is 08:30
    idle = digest_user("idle", time_zone="Asia/Tokyo")  # nothing waiting: no digest
    poke(channels.lounge, people.owner, [tokyo, new_york, kolkata])
    assert idle.pk not in delivery.digest_due_user_ids(now=datetime(2026, 1, 15, 23, 0, tzinfo=UTC))
    assert delivery.digest_due_user_ids(now=datetime(2026, 1, 15, 23, 0, tzinfo=UTC)) == [tokyo.pk]
    assert delivery.digest_due_user_ids(now=datetime(2026, 1, 15, 13, 0, tzinfo=UTC)) == [
        new_york.pk
    ]
    assert delivery.digest_due_user_ids(now=datetime(2026, 1, 15, 3, 0, tzinfo=UTC)) == [kolkata.pk]
    assert delivery.digest_due_user_ids(now=datetime(2026, 1, 15, 12, 0, tzinfo=UTC)) == []


def test_one_digest_groups_the_day_by_channel(events, people, channels):
    alice = digest_user("digesting")
    poke(channels.lounge, people.owner, [alice], "first")
    poke(channels.arena, people.owner, [alice], "second")
    poke(channels.lounge, people.bob, [alice], "third")
    services.notify(event="test.waved", recipients=[alice], actor=people.bob)  # in-app only
    assert delivery.digest_send(user_id=alice.pk) == 3
    (message,) = mail.outbox
    assert message.subject == "[Modportal] Your daily digest: 3 notifications"
    body = message.body
    assert body.index("== Arena ==") < body.index("== Lounge ==")  # channels by name
    lounge = body[body.index("== Lounge ==") :]
    assert lounge.index("Owner poked you in Lounge: first") < lounge.index(
        "Bob poked you in Lounge: third"
    )
    assert "Owner poked you in Arena: second" in body[: body.index("== Lounge ==")]
    assert "waved" not in body
    html = message.alternatives[0][0]
    assert html.count("<h2>") == 2
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    digest_rows = Notification.objects.filter(email_mode=Delivery.DIGEST)
    assert set(digest_rows.values_list("state", flat=True)) == {State.SENT}
    ids = sorted(digest_rows.values_list("pk", flat=True))
    assert message.extra_headers["X-Modportal-Notifications"] == ",".join(map(str, ids))


def test_a_notification_is_never_in_two_digests(events, people, channels):
    alice = digest_user("once")
    poke(channels.lounge, people.owner, [alice], "<b>before</b>")
    assert delivery.digest_send(user_id=alice.pk) == 1
    assert delivery.digest_send(user_id=alice.pk) == 0  # a second run the same hour: nothing
    poke(channels.lounge, people.owner, [alice], "after")
    assert delivery.digest_send(user_id=alice.pk) == 1
    first, second = mail.outbox
    assert "before" in first.body and "after" not in first.body
    assert "after" in second.body and "before" not in second.body
    assert "&lt;b&gt;before&lt;/b&gt;" in first.alternatives[0][0]


def test_a_digest_that_fails_temporarily_waits_for_the_next_run(
    events, people, channels, settings, smtp_sink
):
    smtp_sink.use_in(settings)
    smtp_sink.temporary_failures = 1
    alice = digest_user("retrying")
    poke(channels.lounge, people.owner, [alice], "hello")
    try:
        delivery.digest_send(user_id=alice.pk)
    except OSError as error:
        assert "451" in str(error)
    else:
        raise AssertionError("a 451 must be raised for the task to retry")
    row = Notification.objects.get(recipient=alice)
    assert row.state == State.PENDING and row.attempts == 1
    assert delivery.digest_send(user_id=alice.pk) == 1
    assert smtp_sink.notification_ids() == {row.pk: 1}


def test_a_digest_re_sent_after_a_crash_keeps_its_message_id(
    events, people, channels, settings, smtp_sink
):
    smtp_sink.use_in(settings)
    settings.NOTIFICATIONS_STALE_SECONDS = 60
    alice = digest_user("crashy")
    poke(channels.lounge, people.owner, [alice], "one")
    poke(channels.arena, people.owner, [alice], "two")
    assert delivery.digest_send(user_id=alice.pk) == 2
    # The worker died after "accepted": its rows sat in "sending" and the sweep freed them.
    old = timezone.now() - timedelta(minutes=5)
    Notification.objects.filter(recipient=alice).update(state=State.SENDING, claimed_at=old)
    assert tasks.sweep() == 0  # digest rows are not re-enqueued, they wait for the next digest
    assert set(Notification.objects.values_list("state", flat=True)) == {State.PENDING}
    assert delivery.digest_send(user_id=alice.pk) == 2
    poke(channels.lounge, people.owner, [alice], "three")
    assert delivery.digest_send(user_id=alice.pk) == 1
    first, again, later = smtp_sink.messages
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].startswith(f"<digest.{alice.pk}.")
    assert first["Message-ID"].endswith("@127.0.0.1>")
    assert later["Message-ID"] != first["Message-ID"]  # other rows, another digest


def test_the_digest_dispatch_task_sends_to_users_due_now(events, people, channels, settings):
    alice = digest_user("dispatched", time_zone="UTC")
    poke(channels.lounge, people.owner, [alice])
    settings.NOTIFICATIONS_DIGEST_HOUR = datetime.now(UTC).hour
    assert tasks.digest_dispatch.delay().get() == 1  # eager Celery in tests without a broker
    assert [m.to[0] for m in mail.outbox] == [alice.email]
