"""notify(), reading, preferences and delivery against PostgreSQL, with on-commit work run."""

import smtplib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from portal.celery import app
from portal.notifications import delivery, services, tasks
from portal.notifications.models import Notification, NotificationPreference, State
from portal.notifications.registry import Delivery
from tests.factories import UserFactory


def poke(people, channels, *, recipients=None, **kwargs):
    return services.notify(
        event="test.poked",
        recipients=recipients if recipients is not None else [people.alice, people.bob],
        channel=channels.lounge,
        actor=people.owner,
        **kwargs,
    )


def test_notify_writes_one_row_per_recipient_and_emails_after_commit(
    events, people, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = poke(people, channels, target=channels.lounge, context={"note": "hello"})
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert {row.recipient for row in rows} == {people.alice, people.bob}
    alice_row = Notification.objects.get(recipient=people.alice)
    assert alice_row.summary == "Owner poked you in Lounge: hello"
    assert alice_row.channel == channels.lounge
    assert alice_row.actor == people.owner
    assert alice_row.target_url == channels.lounge.get_absolute_url()
    assert alice_row.target_label == "Lounge"
    assert alice_row.context == {"note": "hello"}
    assert alice_row.email_mode == Delivery.IMMEDIATE
    assert alice_row.state == State.SENT
    assert alice_row.attempts == 1 and alice_row.sent_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]


def test_the_email_has_both_bodies_unsubscribe_headers_and_escaped_user_text(
    events, people, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        poke(
            people,
            channels,
            recipients=[people.alice],
            target=channels.lounge,
            context={"note": "<script>alert(1)</script>"},
        )
    (message,) = mail.outbox
    assert message.subject == "[Modportal] Owner poked you in Lounge: <script>alert(1)</script>"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in message.body  # plain text is not HTML
    row = Notification.objects.get()
    assert (
        f"/notifications/{row.pk}/open/" in html
        and f"/notifications/{row.pk}/open/" in message.body
    )
    assert "/notifications/preferences/" in html and "/notifications/preferences/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in html
    assert message.extra_headers["X-Modportal-Notifications"] == str(row.pk)


def test_a_rolled_back_action_notifies_no_one(
    events, people, channels, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        poke(people, channels)
        raise RuntimeError("the action failed after notify()")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_actor_inactive_users_and_duplicates_are_not_notified(events, people, channels):
    people.bob.is_active = False
    people.bob.save()
    rows = poke(people, channels, recipients=[people.alice, people.alice, people.owner, people.bob])
    assert [row.recipient for row in rows] == [people.alice]
    assert len(poke(people, channels, recipients=[])) == 0


def test_preferences_decide_each_recipient_and_a_channel_choice_wins(events, people, channels):
    carol = UserFactory(username="carol")
    dave = UserFactory(username="dave", email="")
    services.preference_set(user=people.alice, event="test.poked", delivery=Delivery.OFF)
    services.preference_set(user=people.bob, event="test.poked", delivery=Delivery.IN_APP)
    services.preference_set(
        user=people.bob,
        event="test.poked",
        delivery=Delivery.DIGEST,
        channel_id=channels.lounge.pk,
    )
    services.preference_set(
        user=carol, event="test.poked", delivery=Delivery.OFF, channel_id=channels.arena.pk
    )
    rows = poke(people, channels, recipients=[people.alice, people.bob, carol, dave])
    by_user = {row.recipient.username: row for row in rows}
    assert set(by_user) == {"bob", "carol", "dave"}  # alice chose "off": no row at all
    assert (by_user["bob"].email_mode, by_user["bob"].state) == (Delivery.DIGEST, State.PENDING)
    assert (by_user["carol"].email_mode, by_user["carol"].state) == (
        Delivery.IMMEDIATE,
        State.PENDING,
    )
    assert by_user["dave"].state == State.SKIPPED  # no address to email
    assert by_user["dave"].last_error == "No email address."


def test_an_event_without_per_channel_choices_ignores_channel_rows(events, people, channels):
    services.preference_set(user=people.alice, event="test.waved", delivery=Delivery.IMMEDIATE)
    NotificationPreference.objects.create(
        user=people.alice, event="test.waved", channel=channels.lounge, delivery=Delivery.OFF
    )
    (row,) = services.notify(
        event="test.waved", recipients=[people.alice], channel=channels.lounge, actor=people.bob
    )
    assert row.email_mode == Delivery.IMMEDIATE
    assert row.summary == "Bob waved at you."


def test_preference_set_refuses_what_the_form_never_offers(events, people, channels):
    with pytest.raises(ValidationError):
        services.preference_set(user=people.alice, event="no.such_event", delivery=Delivery.OFF)
    with pytest.raises(ValidationError):
        services.preference_set(user=people.alice, event="test.poked", delivery="sometimes")
    with pytest.raises(ValidationError):
        services.preference_set(
            user=people.alice,
            event="test.waved",
            delivery=Delivery.OFF,
            channel_id=channels.lounge.pk,
        )
    with pytest.raises(ValidationError):
        services.preference_set(
            user=people.alice, event="test.poked", delivery=Delivery.OFF, channel_id=2**62
        )
    assert not NotificationPreference.objects.exists()


def test_preferences_save_stores_only_choices_that_differ_from_the_default(
    events, people, channels
):
    key = ("test.poked", None)
    assert services.preferences_save(user=people.alice, choices={key: Delivery.DIGEST}) == 1
    assert services.delivery_for(user=people.alice, event="test.poked") == Delivery.DIGEST
    assert services.preferences_save(user=people.alice, choices={key: Delivery.DIGEST}) == 0
    services.preferences_save(user=people.alice, choices={key: Delivery.IMMEDIATE})
    assert not NotificationPreference.objects.filter(user=people.alice).exists()
    services.preferences_save(
        user=people.alice, choices={("test.poked", channels.lounge.pk): Delivery.OFF}
    )
    assert (
        services.delivery_for(user=people.alice, event="test.poked", channel_id=channels.lounge.pk)
        == Delivery.OFF
    )
    services.preferences_save(user=people.alice, choices={("test.poked", channels.lounge.pk): None})
    assert not NotificationPreference.objects.filter(user=people.alice).exists()


def test_targets_link_only_to_this_site(events, people, channels):
    (own,) = services.notify(
        event="test.waved", recipients=[people.alice], context={"url": "/c/lounge/team/"}
    )
    (offsite,) = services.notify(
        event="test.waved", recipients=[people.alice], context={"url": "https://evil.example/"}
    )
    (sneaky,) = services.notify(
        event="test.waved", recipients=[people.alice], context={"url": "//evil.example/x"}
    )
    assert own.target_url == "/c/lounge/team/"
    assert offsite.target_url == sneaky.target_url == ""


def test_context_must_be_json(events, people):
    with pytest.raises(TypeError, match="JSON"):
        services.notify(event="test.waved", recipients=[people.alice], context={"when": object()})
    with pytest.raises(LookupError):
        services.notify(event="test.never_registered", recipients=[people.alice])


def test_mark_read_and_mark_all_read_touch_only_the_users_rows(events, people, channels):
    (poked,) = poke(people, channels, recipients=[people.alice])
    poke(people, channels, recipients=[people.alice, people.bob])
    services.notify(event="test.waved", recipients=[people.alice, people.bob], actor=people.owner)
    unread = Notification.objects.filter(read_at__isnull=True)
    services.notification_mark_read(notification=poked)
    poked.refresh_from_db()
    assert poked.read_at is not None
    assert unread.filter(recipient=people.alice).count() == 2
    assert services.notifications_mark_all_read(user=people.alice, event="test.poked") == 1
    assert list(unread.filter(recipient=people.alice).values_list("event", flat=True)) == [
        "test.waved"
    ]
    assert services.notifications_mark_all_read(user=people.alice) == 1
    assert not unread.filter(recipient=people.alice).exists()
    assert unread.filter(recipient=people.bob).count() == 2


# --- delivery, against a real SMTP server -------------------------------------------------------


def test_delivering_twice_sends_once(events, people, channels, settings, smtp_sink):
    smtp_sink.use_in(settings)
    rows = poke(people, channels)
    ids = [row.pk for row in rows]
    assert delivery.notifications_deliver(notification_ids=ids) == {"sent": 2}
    assert delivery.notifications_deliver(notification_ids=ids) == {"taken": 2}
    assert smtp_sink.notification_ids() == dict.fromkeys(ids, 1)


def test_a_notification_re_sent_after_a_crash_keeps_its_message_id(
    events, people, channels, settings, smtp_sink
):
    """The worker died after the server accepted the email and before the row said "sent"."""
    smtp_sink.use_in(settings)
    settings.NOTIFICATIONS_STALE_SECONDS = 60
    alice_row, bob_row = poke(people, channels)
    assert delivery.notification_deliver(notification_id=alice_row.pk) == State.SENT
    old = timezone.now() - timedelta(minutes=5)
    Notification.objects.filter(pk=alice_row.pk).update(state=State.SENDING, claimed_at=old)
    assert delivery.notification_deliver(notification_id=alice_row.pk) == State.SENT
    assert delivery.notification_deliver(notification_id=bob_row.pk) == State.SENT
    first, again, other = smtp_sink.messages
    assert first["Message-ID"] == again["Message-ID"] == f"<notification.{alice_row.pk}@127.0.0.1>"
    assert other["Message-ID"] == f"<notification.{bob_row.pk}@127.0.0.1>"


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_the_same_rows_send_each_once(events, settings, smtp_sink, broker):
    smtp_sink.use_in(settings)
    owner = UserFactory(username="racer")
    recipients = [UserFactory(username=f"r{i}") for i in range(12)]
    # Committed and enqueued to Redis, where no worker reads: the threads below race instead.
    rows = services.notify(event="test.poked", recipients=[owner, *recipients], actor=owner)
    ids = [row.pk for row in rows]
    assert len(ids) == 12  # the actor is not notified of their own action
    assert set(Notification.objects.values_list("state", flat=True)) == {State.PENDING}
    start = threading.Barrier(4)

    def run():
        start.wait()
        try:
            return delivery.notifications_deliver(notification_ids=ids)
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: run(), range(4)))
    assert sum(result.get("sent", 0) for result in results) == len(ids)
    assert sum(result.get("taken", 0) for result in results) == 3 * len(ids)
    assert smtp_sink.notification_ids() == dict.fromkeys(ids, 1)
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}


def test_a_temporary_smtp_failure_is_retried_and_then_sent(
    events, people, channels, settings, smtp_sink
):
    smtp_sink.use_in(settings)
    smtp_sink.temporary_failures = 1
    (row,) = poke(people, channels, recipients=[people.alice])
    with pytest.raises(smtplib.SMTPDataError):
        delivery.notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.state == State.PENDING and row.attempts == 1
    assert "451" in row.last_error
    assert delivery.notification_deliver(notification_id=row.pk) == State.SENT
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (State.SENT, 2, "")
    assert smtp_sink.notification_ids() == {row.pk: 1}


def test_a_permanent_refusal_fails_at_once_with_its_reason(
    events, people, channels, settings, smtp_sink
):
    smtp_sink.use_in(settings)
    smtp_sink.refused = {"alice@example.com"}
    (row,) = poke(people, channels, recipients=[people.alice])
    assert delivery.notification_deliver(notification_id=row.pk) == State.FAILED
    row.refresh_from_db()
    assert row.state == State.FAILED and "550" in row.last_error
    assert delivery.notification_deliver(notification_id=row.pk) == "taken"


def test_the_last_attempt_records_a_permanent_failure(events, people, channels, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    (row,) = poke(people, channels, recipients=[people.alice])
    with pytest.raises(OSError):  # nothing listens on the discard port: transient
        delivery.notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.state == State.PENDING
    assert delivery.notification_deliver(notification_id=row.pk) == State.FAILED
    row.refresh_from_db()
    assert row.state == State.FAILED and row.attempts == 2
    assert "ConnectionRefusedError" in row.last_error


def test_the_sweep_re_enqueues_only_rows_left_behind(events, people, channels, settings):
    settings.NOTIFICATIONS_STALE_SECONDS = 60
    rows = poke(people, channels, recipients=[people.alice, people.bob])  # no commit: not enqueued
    old = timezone.now() - timedelta(minutes=5)
    lost, fresh = rows
    Notification.objects.filter(pk=lost.pk).update(queued_at=old)
    assert tasks.sweep() == 1  # eager Celery: delivered right away
    assert [m.to[0] for m in mail.outbox] == [lost.recipient.email]
    lost.refresh_from_db()
    assert lost.state == State.SENT
    assert tasks.sweep() == 0
    # A worker died mid-send: its claim goes stale, and the row is taken again.
    Notification.objects.filter(pk=fresh.pk).update(state=State.SENDING, claimed_at=old)
    assert tasks.sweep() == 1
    fresh.refresh_from_db()
    assert fresh.state == State.SENT and len(mail.outbox) == 2


def test_resend_gives_failed_rows_fresh_attempts(
    events, people, channels, settings, smtp_sink, django_capture_on_commit_callbacks
):
    smtp_sink.use_in(settings)
    smtp_sink.refused = {"alice@example.com"}
    (row,) = poke(people, channels, recipients=[people.alice])
    delivery.notification_deliver(notification_id=row.pk)
    smtp_sink.refused = set()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_resend(notification_ids=[row.pk, 2**62]) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.SENT, 1)
    assert smtp_sink.notification_ids() == {row.pk: 1}


def test_the_task_retries_transient_errors_then_records_the_failure(
    events, people, channels, settings, smtp_sink, monkeypatch
):
    # Eager Celery re-runs a retried task inline unless it propagates the Retry instead.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    smtp_sink.use_in(settings)
    (retried,) = poke(people, channels, recipients=[people.alice])
    smtp_sink.temporary_failures = 2
    assert tasks.deliver.apply(args=[[retried.pk]]).get() == {"sent": 1}  # eager: retries inline
    retried.refresh_from_db()
    assert (retried.state, retried.attempts) == (State.SENT, 3)

    (doomed,) = poke(people, channels, recipients=[people.bob])
    smtp_sink.temporary_failures = 100
    assert tasks.deliver.apply(args=[[doomed.pk]]).get() == {"failed": 1}
    doomed.refresh_from_db()
    assert doomed.state == State.FAILED
    assert doomed.attempts == tasks.deliver.max_retries + 1 == settings.NOTIFICATIONS_MAX_ATTEMPTS
    assert "451" in doomed.last_error
    assert smtp_sink.notification_ids() == {retried.pk: 1}
