"""The shift reminder delivered by a real Celery worker process (Redis broker, the test
database) to a real SMTP server: the beat task runs in the worker, finds the shift starting
within two hours, writes the reminder (once), and the worker's delivery task emails it."""

import time as clock
from datetime import UTC, timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from portal.notifications.models import Notification, State
from shifts import services
from shifts.models import StreamNeed
from shifts.tasks import send_due_task
from tests.notifications.conftest import broker, smtp_sink  # noqa: F401 (fixtures)
from tests.processes import Worker

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(broker, transactional_db, smtp_sink):  # noqa: F811
    started = Worker(broker=broker, concurrency=1, extra_env=smtp_sink.env).start()
    yield started
    started.stop()


def wait_for(predicate, *, timeout: float, what: str):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if predicate():
            return
        clock.sleep(0.2)
    raise AssertionError(f"{what} not reached after {timeout}s")


def test_the_reminder_before_a_shift_arrives_through_a_real_worker(team, worker, smtp_sink):  # noqa: F811
    team.channel.time_zone = "UTC"
    team.channel.save()
    start = (timezone.now() + timedelta(minutes=70)).astimezone(UTC)
    stream = services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="Friday raid night",
        starts_on=start.date(),
        start_time=start.time().replace(second=0, microsecond=0),
        duration_minutes=120,
        needs=((None, 1),),
    )
    services.shift_sign_up(need=StreamNeed.objects.get(stream=stream), actor=team.moderator)
    assert send_due_task.delay().get(timeout=60) == {"reminders": 1, "gaps": 0}

    def reminded():
        return Notification.objects.filter(
            event="shift.reminder", recipient=team.moderator, state=State.SENT
        ).exists()

    wait_for(reminded, timeout=60, what="the reminder sent")
    wait_for(lambda: smtp_sink.count() >= 1, timeout=30, what="the email")
    message = smtp_sink.messages[0]
    assert team.moderator.email in message["To"]
    subject = str(make_header(decode_header(message["Subject"])))
    assert "Your shift on “Friday raid night” in Nova Streams starts at" in subject
    # Run again (the next beat tick): nothing is sent twice.
    assert send_due_task.delay().get(timeout=60) == {"reminders": 0, "gaps": 0}
    clock.sleep(1)
    assert smtp_sink.count() == 1
    assert Notification.objects.filter(event="shift.reminder").count() == 1
