"""The Celery application: `celery -A portal worker` and `celery -A portal beat`."""

import os
from collections.abc import Mapping

from celery import Celery

from portal.tasks import beat_schedule

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


class RegisteredBeatSchedule(Mapping):
    """The beat schedule, read from the apps' registrations (portal.tasks.beat_tasks) when beat
    builds its scheduler, after Django has loaded every app's plugin module."""

    def __getitem__(self, name):
        return beat_schedule()[name]

    def __iter__(self):
        return iter(beat_schedule())

    def __len__(self):
        return len(beat_schedule())


app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = RegisteredBeatSchedule()
app.autodiscover_tasks()
