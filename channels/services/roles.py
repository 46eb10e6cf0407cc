"""Writes to a channel's roles."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..defaults import ROLE_TEMPLATES
from ..models import Capability, Channel, Role
from .audit import audit_record
from .guards import ensure_writable, within_actor


def _role_capabilities(values: Iterable[str]) -> set[str]:
    capabilities = set(values)
    unknown = capabilities - set(Capability.values)
    if unknown:
        raise ValidationError({"capabilities": _("Choose capabilities from the list.")})
    return capabilities


@transaction.atomic
def role_create(
    *,
    channel: Channel,
    actor,
    name: str,
    description: str = "",
    colour: str = "#6d28d9",
    capabilities: Iterable[str] = (),
) -> Role:
    ensure_writable(channel)
    capabilities = _role_capabilities(capabilities)
    within_actor(
        channel,
        actor,
        capabilities,
        "capabilities",
        _("You can only give a role capabilities you hold yourself."),
    )
    position = (Role.objects.for_channel(channel).aggregate(top=Max("position"))["top"] or 0) + 1
    role = Role(
        channel=channel,
        name=name.strip(),
        description=description,
        colour=colour,
        position=position,
        **dict.fromkeys(capabilities, True),
    )
    role.full_clean()
    role.save()
    audit_record(
        channel=channel,
        actor=actor,
        action="role.created",
        target=role,
        after={"name": role.name, "capabilities": sorted(capabilities)},
    )
    return role


def role_create_from_template(*, channel: Channel, actor, key: str) -> Role:
    spec = next((t for t in ROLE_TEMPLATES if t["key"] == key), None)
    if spec is None:
        raise ValidationError(_("Choose one of the offered role templates."))
    return role_create(
        channel=channel,
        actor=actor,
        name=spec["name"],
        description=spec["description"],
        colour=spec["colour"],
        capabilities=spec["capabilities"],
    )


@transaction.atomic
def role_update(
    *, role: Role, actor, name: str, description: str, colour: str, capabilities: Iterable[str]
) -> Role:
    channel = role.channel
    ensure_writable(channel)
    capabilities = _role_capabilities(capabilities)
    message = _("You can only change roles whose capabilities you hold yourself.")
    within_actor(channel, actor, role.capabilities() | capabilities, "capabilities", message)
    before = {
        "name": role.name,
        "description": role.description,
        "colour": role.colour,
        "capabilities": sorted(role.capabilities()),
    }
    role.name, role.description, role.colour = name.strip(), description, colour
    for capability in Capability.values:
        setattr(role, capability, capability in capabilities)
    role.full_clean()
    role.save()
    after = {
        "name": role.name,
        "description": role.description,
        "colour": role.colour,
        "capabilities": sorted(capabilities),
    }
    changed = {k for k in after if before[k] != after[k]}
    if changed:
        audit_record(
            channel=channel,
            actor=actor,
            action="role.updated",
            target=role,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return role


@transaction.atomic
def role_delete(*, role: Role, actor) -> None:
    channel = role.channel
    ensure_writable(channel)
    within_actor(
        channel,
        actor,
        role.capabilities(),
        "role",
        _("You can only delete roles whose capabilities you hold yourself."),
    )
    holders = list(role.memberships.select_related("user").values_list("user__username", flat=True))
    audit_record(
        channel=channel,
        actor=actor,
        action="role.deleted",
        target=role,
        before={"name": role.name, "capabilities": sorted(role.capabilities()), "held_by": holders},
    )
    role.delete()


@transaction.atomic
def role_move(*, role: Role, actor, direction: str) -> Role:
    """Swap a role with its neighbour above ("up") or below ("down") in the channel's order."""
    channel = role.channel
    ensure_writable(channel)
    roles = list(Role.objects.for_channel(channel).select_for_update().order_by("position", "name"))
    index = next(i for i, r in enumerate(roles) if r.pk == role.pk)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if other is None:
        raise ValidationError(_("Move a role up or down."))
    if not 0 <= other < len(roles):
        return role
    roles[index], roles[other] = roles[other], roles[index]
    for position, item in enumerate(roles):
        if item.position != position:
            Role.objects.for_channel(channel).filter(pk=item.pk).update(position=position)
    audit_record(
        channel=channel,
        actor=actor,
        action="role.reordered",
        target=role,
        after={"order": [r.name for r in roles]},
    )
    role.refresh_from_db()
    return role
