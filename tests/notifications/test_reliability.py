"""Delivery with real processes: a Celery worker on Redis sending to a real SMTP server.

Each notification must arrive exactly once even when messages are duplicated, when the worker
is SIGKILLed in the middle of a batch, and when the broker is down as the transaction commits.
"""

import logging
import threading
import time

import pytest
from django.db import transaction
from django.urls import reverse

from portal.notifications import services, tasks
from portal.notifications.models import Notification, OutboundEmail, State
from tests.factories import UserFactory
from tests.notifications.conftest import use_broker
from tests.notifications.smtp import free_port
from tests.processes import Worker

pytestmark = pytest.mark.worker

# Short limits so the sweep acts within seconds instead of minutes.
FAST_SWEEP = {"NOTIFICATIONS_STALE_SECONDS": "3", "NOTIFICATIONS_SWEEP_SECONDS": "1"}


@pytest.fixture
def start_worker(broker, transactional_db, smtp_sink):
    workers = []

    def start(*, concurrency=2, beat=False, env=None):
        worker = Worker(
            broker=broker,
            concurrency=concurrency,
            beat=beat,
            extra_env={**smtp_sink.env, **(env or {})},
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()


def notify_many(count: int) -> list[int]:
    actor = UserFactory(username="sender")
    recipients = [UserFactory(username=f"mod{i:03d}") for i in range(count)]
    with transaction.atomic():
        rows = services.notify(
            event="test.poked", recipients=recipients, actor=actor, context={"note": "ping"}
        )
    return [row.pk for row in rows]


def wait_until_all_sent(ids, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Notification.objects.filter(pk__in=ids, state=State.SENT).count() == len(ids):
            return
        time.sleep(0.2)
    states = list(Notification.objects.filter(pk__in=ids).values_list("pk", "state"))
    raise AssertionError(f"not all sent after {timeout}s: {states}")


def test_every_notification_arrives_exactly_once(events, settings, smtp_sink, start_worker):
    settings.NOTIFICATIONS_DELIVERY_CHUNK = 5
    start_worker(concurrency=2)
    ids = notify_many(30)
    tasks.enqueue_delivery(ids)  # every message twice, as a broker redelivery would
    wait_until_all_sent(ids, timeout=40)
    time.sleep(1)  # room for a duplicate to show up
    assert smtp_sink.notification_ids() == dict.fromkeys(ids, 1)
    assert smtp_sink.count() == len(ids)
    message = smtp_sink.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"] == "[Modportal] Sender poked you: ping"


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    events, settings, smtp_sink, start_worker
):
    settings.NOTIFICATIONS_DELIVERY_CHUNK = 10
    worker = start_worker(concurrency=1, beat=True, env=FAST_SWEEP)
    killed = threading.Event()

    def kill_during_the_13th_message(accepted: int):
        # SIGKILL the worker while it is inside a mail transaction: it has claimed the row,
        # the server has not accepted the message, and the rest of the batch is unsent.
        if accepted >= 12 and not killed.is_set():
            worker.kill()
            killed.set()
            return "421 4.3.0 Going down"
        return None

    smtp_sink.on_mail = kill_during_the_13th_message
    ids = notify_many(40)
    assert killed.wait(40), "the worker never reached the 13th message"
    assert smtp_sink.count() == 12
    states = dict(Notification.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert list(states.values()).count(State.SENT) == 12
    assert list(states.values()).count(State.SENDING) == 1  # claimed by the dead worker

    start_worker(concurrency=1, beat=True, env=FAST_SWEEP)
    wait_until_all_sent(ids, timeout=40)
    time.sleep(4)  # a full stale period: a second copy would have come by now
    assert smtp_sink.notification_ids() == dict.fromkeys(ids, 1)


def test_the_sweep_delivers_what_an_unreachable_broker_missed(
    events, settings, smtp_sink, start_worker, broker, caplog
):
    use_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="portal.notifications.tasks"):
        ids = notify_many(15)
    assert "the sweep will retry them" in caplog.text
    assert set(Notification.objects.filter(pk__in=ids).values_list("state", flat=True)) == {
        State.PENDING
    }

    use_broker(broker)  # the broker is back
    start_worker(concurrency=1, beat=True, env=FAST_SWEEP)
    wait_until_all_sent(ids, timeout=40)
    time.sleep(2)
    assert smtp_sink.notification_ids() == dict.fromkeys(ids, 1)


def test_a_sign_up_email_the_broker_missed_arrives_once(
    settings, smtp_sink, start_worker, broker, client, caplog
):
    use_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    password = "a-much-better-passphrase-42"
    with caplog.at_level(logging.WARNING, logger="portal.notifications.tasks"):
        response = client.post(
            reverse("account_signup"),
            {
                "username": "late",
                "email": "late@mods.test",
                "password1": password,
                "password2": password,
            },
        )
    assert response.status_code == 302  # the page does not wait for the mail
    assert "the sweep will retry them" in caplog.text
    (row,) = OutboundEmail.objects.all()
    assert row.state == State.PENDING

    use_broker(broker)
    start_worker(concurrency=1, beat=True, env=FAST_SWEEP)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and not smtp_sink.count():
        time.sleep(0.2)
    time.sleep(4)  # a full stale period: a second copy would have come by now
    row.refresh_from_db()
    assert row.state == State.SENT
    (message,) = smtp_sink.messages
    assert (message["To"], message["Message-ID"]) == ("late@mods.test", row.message_id)
