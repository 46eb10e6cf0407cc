"""Celery entry points of recruitment: thin, they call a service (moderators/plugin.py puts
them on the beat schedule)."""

from celery import shared_task

from . import services
from .services.invitations import invitations_expire


@shared_task(name="moderators.trial_reminders")
def trial_reminders() -> int:
    """Remind reviewers of trials that end today or ended unreminded; each trial once."""
    return services.trial_reminders_send()


@shared_task(name="moderators.invitations_expire", acks_late=True)
def expire_invitations() -> int:
    """Hourly: pending invitations past their expiry become expired."""
    return invitations_expire()
