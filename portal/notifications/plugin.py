"""What the notifications app plugs in (imported by NotificationsConfig.ready()): the outbox's
sweep and the daily digest on the beat schedule."""

from celery.schedules import crontab
from django.conf import settings

from portal import personal_data as personal_data_registry
from portal.tasks import register_beat_task

from . import personal_data

register_beat_task(
    name="notifications-sweep",
    task="notifications.sweep",
    schedule=float(settings.NOTIFICATIONS_SWEEP_SECONDS),
)
register_beat_task(
    name="notifications-digest",
    task="notifications.digest_dispatch",
    schedule=crontab(minute=0),  # hourly: each user's digest hour comes once a day
)

personal_data_registry.register(*personal_data.ENTRIES)
