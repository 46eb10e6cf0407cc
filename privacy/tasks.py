"""Celery entry points of the privacy app: they take ids and call the builders and the beat
jobs (this module imports no service, so services may enqueue these)."""

from celery import shared_task

from . import erasure, exports, retention


@shared_task(
    name="privacy.build_export",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_export(export_id: int) -> None:
    exports.export_build(export_id=export_id)


@shared_task(name="privacy.due", acks_late=True)
def due() -> dict:
    """Erase the accounts and delete the channels whose grace period is over."""
    return {"accounts": erasure.erase_due(), "channels": erasure.channel_delete_due()}


@shared_task(name="privacy.retention", acks_late=True)
def purge() -> dict:
    return retention.purge_all()
