"""Writes to a channel's roles: by members who may manage roles, on a writable channel,
never beyond the capabilities the actor holds, names unique per channel in any case."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..audit import ChannelAction
from ..defaults import ROLE_TEMPLATES, in_language
from ..models import Capability, Channel, Role
from .audit import audit_changes, audit_record
from .guards import require_manager, within_actor


def _role_capabilities(values: Iterable[str]) -> set[str]:
    capabilities = set(values)
    unknown = capabilities - set(Capability.values)
    if unknown:
        raise ValidationError({"capabilities": _("Choose capabilities from the list.")})
    return capabilities


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("This channel already has a role called “%(name)s”.") % {"name": name}}
    )


def _save_named(role: Role, *, exclude_pk=None) -> None:
    """Names are unique per channel whatever their case (a database constraint too)."""
    clash = Role.objects.for_channel(role.channel).filter(name__iexact=role.name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise _name_taken(role.name)
    role.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError as error:  # a concurrent request took the name meanwhile
        raise _name_taken(role.name) from error


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
    access = require_manager(channel, actor, Capability.MANAGE_ROLES)
    capabilities = _role_capabilities(capabilities)
    within_actor(
        access,
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
    _save_named(role)
    audit_record(
        channel=channel,
        actor=actor,
        action=ChannelAction.ROLE_CREATED,
        target=role,
        after={"name": role.name, "capabilities": sorted(capabilities)},
    )
    return role


def role_create_from_template(*, channel: Channel, actor, key: str) -> Role:
    """One of the offered role templates, through role_create and all its rules."""
    offered = in_language(ROLE_TEMPLATES, channel.language)
    spec = next((t for t in offered if t["key"] == key), None)
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
    access = require_manager(channel, actor, Capability.MANAGE_ROLES)
    capabilities = _role_capabilities(capabilities)
    message = _("You can only change roles whose capabilities you hold yourself.")
    within_actor(access, role.capabilities() | capabilities, "capabilities", message)
    before = {
        "name": role.name,
        "description": role.description,
        "colour": role.colour,
        "capabilities": sorted(role.capabilities()),
    }
    role.name, role.description, role.colour = name.strip(), description, colour
    for capability in Capability.values:
        setattr(role, capability, capability in capabilities)
    _save_named(role, exclude_pk=role.pk)
    after = {
        "name": role.name,
        "description": role.description,
        "colour": role.colour,
        "capabilities": sorted(capabilities),
    }
    audit_changes(
        channel=channel,
        actor=actor,
        action=ChannelAction.ROLE_UPDATED,
        target=role,
        before=before,
        after=after,
    )
    return role


@transaction.atomic
def role_delete(*, role: Role, actor) -> None:
    channel = role.channel
    access = require_manager(channel, actor, Capability.MANAGE_ROLES)
    within_actor(
        access,
        role.capabilities(),
        "role",
        _("You can only delete roles whose capabilities you hold yourself."),
    )
    holders = list(role.memberships.select_related("user").values_list("user__username", flat=True))
    audit_record(
        channel=channel,
        actor=actor,
        action=ChannelAction.ROLE_DELETED,
        target=role,
        before={"name": role.name, "capabilities": sorted(role.capabilities()), "held_by": holders},
    )  # Subscribers run before the delete: they still see who held the role.
    role.delete()


@transaction.atomic
def role_move(*, role: Role, actor, direction: str) -> Role:
    """Swap a role with its neighbour above ("up") or below ("down") in the channel's order."""
    channel = role.channel
    require_manager(channel, actor, Capability.MANAGE_ROLES)
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
        action=ChannelAction.ROLE_REORDERED,
        target=role,
        after={"order": [r.name for r in roles]},
    )
    role.refresh_from_db()
    return role
