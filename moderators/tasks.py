"""Scheduled recruitment work (CELERY_BEAT_SCHEDULE in portal/settings.py)."""

from celery import shared_task

from . import services


@shared_task(name="moderators.trial_reminders")
def trial_reminders() -> int:
    """Remind reviewers of trials that end today or ended unreminded; each trial once."""
    return services.trial_reminders_send()
