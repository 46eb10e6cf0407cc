"""Celery entry points for training resources."""

from celery import shared_task

from .services.overdue import training_overdue_find


@shared_task(name="resources.training_overdue", acks_late=True)
def training_overdue() -> int:
    return training_overdue_find()
