"""The one way a service records a domain event: inside its own transaction, as an audit row.

The channel's audit row *is* the record of the event (portal/events.py): after writing it,
`audit_record` publishes the occurrence to the event's subscribers (notifications, Twitch's
outbox, the norms welcome, …), which run in the same transaction or once it commits.
"""

from types import MappingProxyType

from django.db import router

from portal import events

from ..models import AuditEvent, Channel, Membership


def audit_record(
    *,
    channel: Channel,
    actor,
    action: str,
    target=None,
    before=None,
    after=None,
    subjects: dict | None = None,
) -> AuditEvent:
    """Append one event to the channel's audit log and hand it to the event's subscribers.

    `action` is a declared event name (an app's action enum member), so an unknown name fails
    here, not in the log. `subjects` are live objects for in-process subscribers (never
    stored): the team changes pass `membership`, `roles_before` and `roles_after`."""
    if not events.is_declared(action):
        raise ValueError(f"unregistered audit action {action!r}: declare it in its plugin module")
    record = AuditEvent.objects.create(
        channel=channel,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        target_type=target._meta.model_name if target is not None else "",
        target_id=target.pk if target is not None else None,
        target_label=str(_target_label(target))[:200] if target is not None else "",
        before=before or {},
        after=after or {},
    )
    events.publish(
        events.Occurrence(
            event=events.get(action),
            channel=channel,
            actor=actor,
            target=target,
            before=MappingProxyType(record.before),
            after=MappingProxyType(record.after),
            record=record,
            subjects=MappingProxyType(dict(subjects or {})),
        ),
        using=router.db_for_write(AuditEvent),
    )
    return record


def audit_changes(
    *, channel: Channel, actor, action: str, target, before: dict, after: dict
) -> AuditEvent | None:
    """Audit only the fields whose values differ between two snapshots of `target`, before
    and after; nothing changed writes nothing (and returns None)."""
    changed = [key for key in after if after[key] != before.get(key)]
    if not changed:
        return None
    return audit_record(
        channel=channel,
        actor=actor,
        action=action,
        target=target,
        before={key: before.get(key) for key in changed},
        after={key: after[key] for key in changed},
    )


def _target_label(target) -> str:
    if isinstance(target, Membership):
        return target.user.username
    return str(target)
