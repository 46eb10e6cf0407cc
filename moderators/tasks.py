"""Celery entry points of recruitment: thin, they call a service."""

from celery import shared_task

from .services.invitations import invitations_expire


@shared_task(name="moderators.invitations_expire", acks_late=True)
def expire_invitations() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): pending invitations past their expiry become expired."""
    return invitations_expire()
