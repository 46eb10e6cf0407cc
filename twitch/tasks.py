"""Celery entry points of the Twitch sync, and the function services enqueue through.

Safe to run twice: sync.change_apply claims its row first. Late acknowledgement, and the
sweep re-enqueues changes a lost message or a killed worker left behind.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction

from . import eventsub, sync
from .client import TwitchError
from .models import TwitchLink

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="twitch.apply_change",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=settings.TWITCH_MAX_ATTEMPTS - 1,
)
def apply_change(self, change_id: int) -> str:
    final = self.request.retries >= self.max_retries
    try:
        return sync.change_apply(change_id, final_attempt=final)
    except sync.RetryLater as wait:
        if self.request.is_eager:
            # In-process (no broker): the row waits as pending and the sweep runs it again.
            return "pending"
        raise self.retry(countdown=wait.seconds) from None


def enqueue_changes(change_ids: list[int]) -> None:
    """After the caller's transaction commits; a broker outage is left to the sweep."""

    def send():
        for pk in change_ids:
            try:
                apply_change.delay(pk)
            except Exception:
                log.warning(
                    "Could not enqueue Twitch change %s; the sweep will.", pk, exc_info=True
                )

    if change_ids:
        transaction.on_commit(send)


def enqueue_validation(link_id: int) -> None:
    """Twitch asks apps to validate a token when they start using it: after the link commits."""

    def send():
        try:
            validate_token.delay(link_id)
        except Exception:
            log.warning("Could not enqueue Twitch token validation of link %s.", link_id)

    transaction.on_commit(send)


@shared_task(name="twitch.sweep", acks_late=True)
def sweep() -> int:
    eventsub.forget_old()
    ids = sync.stale_change_ids()
    for pk in ids:
        apply_change.delay(pk)
    return len(ids)


@shared_task(name="twitch.drift_check", acks_late=True)
def drift_check() -> dict:
    if not settings.TWITCH_SYNC_ENABLED:
        return {}
    return sync.drift_check_all()


@shared_task(name="twitch.validate_tokens", acks_late=True)
def validate_tokens() -> dict:
    """Twitch's hourly token validation, this run's share of the links (sync.tokens_validate)."""
    if not settings.TWITCH_SYNC_ENABLED:
        return {}
    return sync.tokens_validate()


@shared_task(name="twitch.validate_token", acks_late=True)
def validate_token(link_id: int) -> str:
    """One link's token, when the link starts using it."""
    link = TwitchLink.objects.filter(pk=link_id).first()
    return sync.token_validate(link) if link is not None else "gone"


@shared_task(name="twitch.lists_fetch", acks_late=True)
def lists_fetch(link_id: int) -> int:
    """One channel's lists again (an EventSub notification said they changed)."""
    link = TwitchLink.objects.select_related("channel").filter(pk=link_id).first()
    if link is None or link.channel.is_read_only:
        return 0
    try:
        return sync.lists_fetch(link)
    except TwitchError as error:
        log.warning("Twitch lists of channel %s: %s", link.channel_id, error)
        return 0
