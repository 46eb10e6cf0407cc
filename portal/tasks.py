"""The base layer's task and the beat schedule's registry.

Each app registers its periodic tasks from its plug-in module:

    register_beat_task(name="norms-reminders", task="norms.reminders", schedule=crontab(minute=40))

`celery -A portal beat` reads `beat_schedule()` when it starts (portal/celery.py), so no central
list in the settings names other apps' tasks.
"""

from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.utils import timezone

from .registry import Registry


@dataclass(frozen=True)
class BeatTask:
    name: str
    task: str
    schedule: Any  # seconds (float) or a celery.schedules.crontab
    kwargs: tuple = ()


beat_tasks: Registry[BeatTask] = Registry("beat task")


def register_beat_task(*, name: str, task: str, schedule, kwargs: dict | None = None) -> BeatTask:
    return beat_tasks.register(
        BeatTask(name=name, task=task, schedule=schedule, kwargs=tuple((kwargs or {}).items()))
    )


def beat_schedule() -> dict:
    """Celery's `beat_schedule`: every registered task, by name."""
    schedule = {}
    for entry in beat_tasks:
        schedule[entry.name] = {"task": entry.task, "schedule": entry.schedule}
        if entry.kwargs:
            schedule[entry.name]["kwargs"] = dict(entry.kwargs)
    return schedule


@shared_task(name="portal.health_ping", acks_late=True)
def health_ping() -> str:
    """Round-trip for /healthz?worker=1: proves a worker picks up and runs tasks."""
    return timezone.now().isoformat()
