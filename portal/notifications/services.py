"""Every write of the notifications app: notify, read, preferences, unsubscribe, the outbox.

Delivery is an outbox: `notify()` and `account_email_queue()` write rows inside the caller's
transaction and enqueue their ids only once it commits. The sending itself (claim, send, mark)
is in delivery.py, run by the tasks; the rows notify() writes are described once in rows.py.
The sweep re-enqueues rows a lost message or a killed worker left behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connections, models, router, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import emails, registry, rows
from .models import Notification, NotificationPreference, OutboundEmail, State
from .registry import Delivery
from .tasks import enqueue_delivery, enqueue_outbound
from .tokens import Unsubscribe

if TYPE_CHECKING:
    from portal.models import User

EMAIL_MODES = rows.EMAIL_MODES
NO_EMAIL_ADDRESS = rows.NO_EMAIL_ADDRESS


# --- notify -------------------------------------------------------------------------------------


class Notified(Sequence):
    """What notify() wrote: the new rows' ids, in recipient order, and the rows on demand.

    The ids come back from the INSERT itself; no Notification object exists until someone
    indexes or iterates the result (then one query loads them all, in the same order).
    """

    def __init__(self, ids: list[int]):
        self.ids = ids
        self._rows: list[Notification] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.rows()[index]

    def __repr__(self) -> str:
        return f"<Notified {len(self.ids)} rows>"

    def rows(self) -> list[Notification]:
        if self._rows is None:
            self._rows = list(Notification.objects.filter(pk__in=self.ids).order_by("pk"))
        return self._rows


def notify(
    *,
    event: str,
    recipients: Iterable[User] | Iterable[int] | models.QuerySet,
    channel: models.Model | None = None,
    actor: User | None = None,
    target: models.Model | None = None,
    context: dict | None = None,
) -> Notified:
    """Write one outbox row per recipient who wants this event; deliver emails after commit.

    `recipients` is an iterable of users or of user ids, or a QuerySet of users or of user ids
    (a QuerySet is never loaded: on PostgreSQL it becomes a subquery of the one INSERT). The
    actor is never notified of their own action, inactive accounts never, a recipient listed
    twice once, and a recipient whose preference is "off" gets no row. Call it inside the
    action's transaction: if that rolls back, no row exists and nothing is enqueued. The rows
    themselves are described once, in rows.py, for both of its writers.
    """
    event_type = registry.get(event)
    context = dict(context or {})
    try:
        context_json = json.dumps(context)
    except (TypeError, ValueError) as error:
        raise TypeError(f"notify(context=...) must be JSON-serialisable: {error}") from None
    if channel is not None and channel.pk is None:
        raise ValueError("notify(channel=...) needs a saved channel.")
    content_type, target_id, target_label, target_url = _describe_target(target, context)
    actor_id = actor.pk if actor is not None else None
    shared = {
        "event": event_type.name,
        "channel": channel.pk if channel is not None else None,
        "actor": actor_id,
        "target_content_type": content_type.pk if content_type is not None else None,
        "target_id": target_id,
        "target_label": target_label,
        "target_url": target_url,
        "context": context,
        "created_at": timezone.now(),
    }
    in_channel = channel is not None and event_type.per_channel
    db = router.db_for_write(Notification)
    if connections[db].vendor == "postgresql":
        if isinstance(recipients, models.QuerySet):
            source = rows.id_queryset(recipients).query.sql_with_params()
        else:
            source = rows.recipient_ids(recipients, actor_id=actor_id)
            if not source:
                return Notified([])
        shared["summary"] = _summary(event_type, context, actor, channel, target_label)
        created, immediate = rows.insert_rows(
            db=db,
            source=source,
            shared={**shared, "context": context_json},
            default=event_type.default_delivery,
            actor_id=actor_id,
            preference_channel_id=channel.pk if in_channel else None,
        )
    else:
        users = rows.unique_recipients(recipients, actor=actor)
        if not users:
            return Notified([])
        shared["summary"] = _summary(event_type, context, actor, channel, target_label)
        created, immediate = rows.create_rows(
            users=users, event_type=event_type, channel=channel, shared=shared
        )
    if immediate:
        transaction.on_commit(partial(enqueue_delivery, immediate), using=db)
    return Notified(created)


def _summary(event_type, context, actor, channel, target_label) -> str:
    # The stored copy is in the site's language, never the sender's: readers get their own
    # from Notification.text, rendered when shown or emailed.
    with translation.override(settings.LANGUAGE_CODE):
        return event_type.render_summary(
            context=context, actor=actor, channel=channel, target_label=target_label
        )


def _describe_target(target: models.Model | None, context: dict):
    url = context.get("url", "")
    if target is None:
        return None, "", "", safe_local_url(url)
    get_absolute_url = getattr(target, "get_absolute_url", None)
    if callable(get_absolute_url):
        url = get_absolute_url()
    content_type = ContentType.objects.get_for_model(target)
    return content_type, str(target.pk), str(target)[:200], safe_local_url(url)


def safe_local_url(url) -> str:
    """A path on this site, or "": stored links must never send a reader elsewhere."""
    if not isinstance(url, str) or len(url) > 500:
        return ""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return ""
    if any(ord(char) < 32 or ord(char) == 127 for char in url):
        return ""
    return url


# --- inbox --------------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(
    *, user: User, channel_id: int | None = None, event: str | None = None
) -> int:
    """Mark the user's unread notifications read (within a filter, when given)."""
    rows = Notification.objects.for_user(user).unread()
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    if event:
        rows = rows.filter(event=event)
    return rows.update(read_at=timezone.now())


# --- preferences --------------------------------------------------------------------------------


def preference_set(
    *, user: User, event: str, delivery: str | None, channel_id: int | None = None
) -> NotificationPreference | None:
    """Set how `user` gets `event` (in one channel when `channel_id`); None clears the choice.

    A channel-wide choice exists only for events that are per channel. Clearing a channel choice
    falls back to the user's default for the event; clearing the default to the event's own.
    """
    event_type = registry.get_or_none(event)
    if event_type is None:
        raise ValidationError({"event": _("Choose one of the listed notification types.")})
    if delivery is not None and delivery not in Delivery.values:
        raise ValidationError({"delivery": _("Choose one of the listed delivery options.")})
    if channel_id is not None:
        if not event_type.per_channel:
            raise ValidationError({"channel": _("This notification has no per-channel setting.")})
        channel_model = NotificationPreference._meta.get_field("channel").related_model
        if not channel_model.objects.filter(pk=channel_id).exists():
            raise ValidationError({"channel": _("Choose one of your channels.")})
    rows = NotificationPreference.objects.filter(user=user, event=event, channel_id=channel_id)
    if delivery is None:
        rows.delete()
        return None
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, event=event, channel_id=channel_id, defaults={"delivery": delivery}
    )
    return preference


@transaction.atomic
def preferences_save(*, user: User, choices: dict[tuple[str, int | None], str | None]) -> int:
    """Apply a whole preferences form: {(event, channel_id or None): delivery or None}.

    A default equal to the event's own is stored as no row, so a later change of the event's
    default reaches users who never chose. Returns how many choices changed.
    """
    current = {
        (pref.event, pref.channel_id): pref.delivery
        for pref in NotificationPreference.objects.filter(user=user)
    }
    changed = 0
    for (event, channel_id), delivery in choices.items():
        event_type = registry.get_or_none(event)
        if event_type is None:
            raise ValidationError({"event": _("Choose one of the listed notification types.")})
        if channel_id is None and delivery == event_type.default_delivery:
            delivery = None
        if current.get((event, channel_id)) == delivery:
            continue
        preference_set(user=user, event=event, delivery=delivery, channel_id=channel_id)
        changed += 1
    return changed


def delivery_for(*, user: User, event: str, channel_id: int | None = None) -> str:
    event_type = registry.get(event)
    rows = NotificationPreference.objects.filter(user=user, event=event)
    if channel_id is not None and event_type.per_channel:
        rows = rows.filter(Q(channel__isnull=True) | Q(channel_id=channel_id))
    else:
        rows = rows.filter(channel__isnull=True)
    chosen = dict(rows.values_list("channel_id", "delivery"))
    return chosen.get(channel_id) or chosen.get(None) or event_type.default_delivery


# --- one-click unsubscribe ----------------------------------------------------------------------


@transaction.atomic
def unsubscribe_apply(*, unsubscribe: Unsubscribe) -> int:
    """Stop the emails the link names, keeping the inbox entries. Returns preferences changed.

    Only that preference changes: one event (in one channel for per-channel events), or, for a
    digest link, every event the user receives as a digest.
    """
    user = unsubscribe.user
    if not unsubscribe.is_digest:
        event_type = registry.get(unsubscribe.event)
        channel_id = unsubscribe.channel_id if event_type.per_channel else None
        if delivery_for(user=user, event=event_type.name, channel_id=channel_id) in EMAIL_MODES:
            preference_set(
                user=user, event=event_type.name, delivery=Delivery.IN_APP, channel_id=channel_id
            )
            return 1
        return 0
    changed = NotificationPreference.objects.filter(user=user, delivery=Delivery.DIGEST).update(
        delivery=Delivery.IN_APP
    )
    explicit = set(
        NotificationPreference.objects.filter(user=user, channel__isnull=True).values_list(
            "event", flat=True
        )
    )
    for event_type in registry.all_events():
        if event_type.default_delivery == Delivery.DIGEST and event_type.name not in explicit:
            preference_set(user=user, event=event_type.name, delivery=Delivery.IN_APP)
            changed += 1
    return changed


# --- delivery -----------------------------------------------------------------------------------


@transaction.atomic
def notifications_resend(*, notification_ids: Iterable[int]) -> int:
    """Give failed rows a fresh set of attempts (the admin's "re-send" action)."""
    failed = Notification.objects.filter(pk__in=list(notification_ids), state=State.FAILED)
    immediate = list(failed.filter(email_mode=Delivery.IMMEDIATE).values_list("pk", flat=True))
    count = failed.update(
        state=State.PENDING, attempts=0, last_error="", claimed_at=None, queued_at=timezone.now()
    )
    if immediate:
        transaction.on_commit(partial(enqueue_delivery, immediate))
    return count


# --- account emails -----------------------------------------------------------------------------


@transaction.atomic
def account_email_queue(*, message: EmailMultiAlternatives, template: str = "") -> list[int]:
    """Put an account email (allauth's verification, reset, notice) in the outbox.

    One row per recipient, written in the caller's transaction and sent by a worker after it
    commits, so an unreachable mail server never fails the page that asked for the email.
    Returns the rows' ids.
    """
    html = next((body for body, mimetype in message.alternatives if mimetype == "text/html"), "")
    now = timezone.now()
    rows = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=address,
            from_email=message.from_email or "",
            subject=message.subject[:300],
            text_body=message.body,
            html_body=html,
            template=template[:100],
            message_id=emails.new_message_id(),
            state=State.PENDING,
            queued_at=now,
        )
        for address in message.to
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(partial(enqueue_outbound, ids))
    return ids
