"""The audit helper every service calls inside its own transaction."""

from ..audit import is_registered
from ..models import AuditEvent, Channel, Membership


def audit_record(
    *, channel: Channel, actor, action: str, target=None, before=None, after=None
) -> AuditEvent:
    """Append one event to the channel's audit log. `action` is a member of an app's
    registered action enum (channels.audit), so an unknown name fails here, not in the log."""
    if not is_registered(action):
        raise ValueError(f"unregistered audit action {action!r}: register its enum in ready()")
    return AuditEvent.objects.create(
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
