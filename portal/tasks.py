from celery import shared_task
from django.utils import timezone


@shared_task(name="portal.health_ping", acks_late=True)
def health_ping() -> str:
    """Round-trip for /healthz?worker=1: proves a worker picks up and runs tasks."""
    return timezone.now().isoformat()
