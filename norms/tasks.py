"""Celery entry points for norms."""

from celery import shared_task

from .services import norms_send_reminders


@shared_task(name="norms.reminders", acks_late=True)
def reminders() -> int:
    return norms_send_reminders()
