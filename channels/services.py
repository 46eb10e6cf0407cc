"""Every write to a channel, its roles and its team. One transaction each, audited.

Rules guarded here, whatever the caller: nobody grants, edits or removes capabilities they do
not hold themselves; the owner cannot be removed and cannot leave without handing over; a
suspended or archived channel accepts no team or role changes.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.services import notify

from .defaults import DEFAULT_ROLES, ROLE_TEMPLATES
from .models import AuditEvent, Capability, Channel, Membership, MembershipRole, Role
from .permissions import access_for

CHANNEL_FIELDS = (
    "name",
    "platform",
    "platform_url",
    "description",
    "languages",
    "time_zone",
    "visibility",
)


def audit_record(
    *, channel: Channel, actor, action: str, target=None, before=None, after=None
) -> AuditEvent:
    """Append one event to the channel's audit log."""
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


def _target_label(target) -> str:
    if isinstance(target, Membership):
        return target.user.username
    return str(target)


def _ensure_writable(channel: Channel) -> None:
    if channel.is_suspended:
        raise ValidationError(
            _("This channel is suspended by the platform: its team and roles are read-only.")
        )
    if channel.is_archived:
        raise ValidationError(_("This channel is archived: restore it to make changes."))


def _actor_capabilities(channel: Channel, actor) -> frozenset[str]:
    return access_for(channel=channel, user=actor).capabilities


def _within_actor(
    channel: Channel, actor, capabilities: Iterable[str], field: str, message: str
) -> None:
    if not frozenset(capabilities) <= _actor_capabilities(channel, actor):
        raise ValidationError({field: message})


# Channels


@transaction.atomic
def channel_create(
    *,
    creator,
    name: str,
    slug: str,
    platform: str,
    platform_url: str,
    description: str = "",
    languages: list[str] | None = None,
    time_zone: str = "UTC",
    visibility: str = "public",
    avatar=None,
) -> Channel:
    """A new channel with its default roles and the creator as owner."""
    channel = Channel(
        name=name,
        slug=slug,
        platform=platform,
        platform_url=platform_url,
        description=description,
        languages=languages or [],
        time_zone=time_zone,
        visibility=visibility,
    )
    if avatar:
        channel.avatar = avatar
    channel.full_clean()
    try:
        with transaction.atomic():
            channel.save()
    except IntegrityError as error:
        raise ValidationError({"slug": _("That address is taken. Try another.")}) from error
    Role.objects.bulk_create(
        Role(
            channel=channel,
            position=index,
            name=spec["name"],
            colour=spec["colour"],
            description=spec["description"],
            **dict.fromkeys(spec["capabilities"], True),
        )
        for index, spec in enumerate(DEFAULT_ROLES)
    )
    Membership.objects.create(channel=channel, user=creator, is_owner=True, added_by=creator)
    audit_record(
        channel=channel,
        actor=creator,
        action="channel.created",
        target=channel,
        after={"name": name, "slug": slug, "visibility": visibility},
    )
    return channel


@transaction.atomic
def channel_update(
    *, channel: Channel, actor, avatar=None, remove_avatar: bool = False, **fields
) -> Channel:
    _ensure_writable(channel)
    unknown = set(fields) - set(CHANNEL_FIELDS)
    if unknown:
        raise TypeError(f"not channel settings: {sorted(unknown)}")
    before, after = {}, {}
    for key, value in fields.items():
        if getattr(channel, key) != value:
            before[key], after[key] = getattr(channel, key), value
            setattr(channel, key, value)
    if avatar:
        channel.avatar = avatar
        after["avatar"] = "new image"
    elif remove_avatar and channel.avatar:
        channel.avatar = ""
        after["avatar"] = "removed"
    if not before and "avatar" not in after:
        return channel
    channel.full_clean()
    channel.save()
    audit_record(
        channel=channel,
        actor=actor,
        action="channel.updated",
        target=channel,
        before=before,
        after=after,
    )
    return channel


@transaction.atomic
def channel_archive(*, channel: Channel, actor) -> Channel:
    if not access_for(channel=channel, user=actor).is_owner:
        raise ValidationError(_("Only the owner can archive the channel."))
    if channel.is_archived:
        return channel
    channel.archived_at = timezone.now()
    channel.save(update_fields=["archived_at"])
    audit_record(channel=channel, actor=actor, action="channel.archived", target=channel)
    return channel


@transaction.atomic
def channel_restore(*, channel: Channel, actor) -> Channel:
    if not access_for(channel=channel, user=actor).is_owner:
        raise ValidationError(_("Only the owner can restore the channel."))
    if not channel.is_archived:
        return channel
    channel.archived_at = None
    channel.save(update_fields=["archived_at"])
    audit_record(channel=channel, actor=actor, action="channel.restored", target=channel)
    return channel


@transaction.atomic
def channel_suspend(*, channel: Channel, actor, reason: str) -> Channel:
    """Platform staff stop a channel: its pages say so and its team areas become read-only."""
    if not getattr(actor, "is_staff", False):
        raise ValidationError(_("Only platform staff can suspend a channel."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the channel is suspended; the team will see it.")}
        )
    channel.suspended_at = timezone.now()
    channel.suspension_reason = reason[:500]
    channel.save(update_fields=["suspended_at", "suspension_reason"])
    audit_record(
        channel=channel,
        actor=actor,
        action="channel.suspended",
        target=channel,
        after={"reason": channel.suspension_reason},
    )
    owner = (
        Membership.objects.for_channel(channel).filter(is_owner=True).select_related("user").first()
    )
    if owner:
        notify(
            event="channel.suspended",
            recipients=[owner.user],
            channel=channel,
            actor=actor,
            target=channel,
            context={"channel_name": channel.name, "reason": channel.suspension_reason},
        )
    return channel


@transaction.atomic
def channel_unsuspend(*, channel: Channel, actor) -> Channel:
    if not getattr(actor, "is_staff", False):
        raise ValidationError(_("Only platform staff can lift a suspension."))
    if not channel.is_suspended:
        return channel
    before = {"reason": channel.suspension_reason}
    channel.suspended_at = None
    channel.suspension_reason = ""
    channel.save(update_fields=["suspended_at", "suspension_reason"])
    audit_record(
        channel=channel, actor=actor, action="channel.unsuspended", target=channel, before=before
    )
    return channel


@transaction.atomic
def channel_transfer_ownership(*, channel: Channel, actor, new_owner: Membership) -> Channel:
    """The owner hands the channel to another member; the old owner stays on the team."""
    _ensure_writable(channel)
    current = Membership.objects.for_channel(channel).select_for_update().get(is_owner=True)
    if current.user_id != actor.pk:
        raise ValidationError(_("Only the owner can transfer ownership."))
    if new_owner.channel_id != channel.pk:
        raise ValidationError({"member": _("Choose a member of this channel.")})
    if new_owner.pk == current.pk:
        raise ValidationError({"member": _("You already own this channel.")})
    current.is_owner = False
    current.save(update_fields=["is_owner"])
    new_owner.is_owner = True
    new_owner.save(update_fields=["is_owner"])
    # The previous owner keeps running the team unless the new owner decides otherwise.
    lead = (
        Role.objects.for_channel(channel).filter(can_manage_team=True).order_by("position").first()
    )
    if lead:
        MembershipRole.objects.get_or_create(channel=channel, membership=current, role=lead)
    audit_record(
        channel=channel,
        actor=actor,
        action="channel.ownership_transferred",
        target=channel,
        before={"owner": actor.username},
        after={"owner": new_owner.user.username},
    )
    notify(
        event="channel.ownership_transferred",
        recipients=[new_owner.user],
        channel=channel,
        actor=actor,
        target=channel,
        context={"channel_name": channel.name},
    )
    return channel


# Roles


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
    _ensure_writable(channel)
    capabilities = _role_capabilities(capabilities)
    _within_actor(
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
    _ensure_writable(channel)
    capabilities = _role_capabilities(capabilities)
    message = _("You can only change roles whose capabilities you hold yourself.")
    _within_actor(channel, actor, role.capabilities() | capabilities, "capabilities", message)
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
    _ensure_writable(channel)
    _within_actor(
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
    _ensure_writable(channel)
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


# Team


def _check_roles(channel: Channel, roles: Iterable[Role]) -> list[Role]:
    roles = list(roles)
    if any(role.channel_id != channel.pk for role in roles):
        raise ValidationError({"roles": _("Choose roles of this channel.")})
    return roles


def _capabilities_of(roles: Iterable[Role]) -> frozenset[str]:
    return frozenset().union(*(role.capabilities() for role in roles))


@transaction.atomic
def membership_add(*, channel: Channel, actor, user, roles: Iterable[Role] = ()) -> Membership:
    _ensure_writable(channel)
    roles = _check_roles(channel, roles)
    _within_actor(
        channel,
        actor,
        _capabilities_of(roles),
        "roles",
        _("You can only give roles whose capabilities you hold yourself."),
    )
    if Membership.objects.for_channel(channel).filter(user=user).exists():
        raise ValidationError(
            {"username": _("%(name)s is already on the team.") % {"name": user.username}}
        )
    membership = Membership.objects.create(channel=channel, user=user, added_by=actor)
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=membership, role=r) for r in roles
    )
    names = sorted(role.name for role in roles)
    audit_record(
        channel=channel,
        actor=actor,
        action="membership.added",
        target=membership,
        after={"roles": names},
    )
    notify(
        event="membership.added",
        recipients=[user],
        channel=channel,
        actor=actor,
        target=channel,
        context={"channel_name": channel.name, "roles": names},
    )
    return membership


@transaction.atomic
def membership_set_roles(*, membership: Membership, roles: Iterable[Role], actor) -> Membership:
    """No self-escalation: each role added or taken away must be within the actor's capabilities."""
    channel = membership.channel
    _ensure_writable(channel)
    roles = _check_roles(channel, roles)
    if membership.is_owner and membership.user_id != actor.pk:
        raise ValidationError({"roles": _("Only the owner changes the owner's roles.")})
    current = list(membership.roles.all())
    added = [r for r in roles if r not in current]
    removed = [r for r in current if r not in roles]
    if not added and not removed:
        return membership
    _within_actor(
        channel,
        actor,
        _capabilities_of(added + removed),
        "roles",
        _("You can only grant or take away roles whose capabilities you hold yourself."),
    )
    MembershipRole.objects.for_channel(channel).filter(
        membership=membership, role__in=removed
    ).delete()
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=membership, role=r) for r in added
    )
    before = {"roles": sorted(r.name for r in current)}
    after = {"roles": sorted(r.name for r in roles)}
    audit_record(
        channel=channel,
        actor=actor,
        action="membership.roles_changed",
        target=membership,
        before=before,
        after=after,
    )
    notify(
        event="membership.roles_changed",
        recipients=[membership.user],
        channel=channel,
        actor=actor,
        target=channel,
        context={"channel_name": channel.name, **after},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor, reason: str = "") -> None:
    channel = membership.channel
    _ensure_writable(channel)
    if membership.is_owner:
        raise ValidationError(_("The owner can't be removed. Transfer ownership first."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("To leave the team, use “Leave channel”."))
    roles = list(membership.roles.all())
    _within_actor(
        channel,
        actor,
        _capabilities_of(roles),
        "member",
        _("You can only remove members whose roles you could give yourself."),
    )
    reason = (reason or "").strip()[:500]
    audit_record(
        channel=channel,
        actor=actor,
        action="membership.removed",
        target=membership,
        before={"roles": sorted(r.name for r in roles)},
        after={"reason": reason},
    )
    notify(
        event="membership.removed",
        recipients=[membership.user],
        channel=channel,
        actor=actor,
        target=channel,
        context={"channel_name": channel.name, "reason": reason},
    )
    membership.delete()


@transaction.atomic
def membership_leave(*, membership: Membership, actor) -> None:
    channel = membership.channel
    if membership.user_id != actor.pk:
        raise ValidationError(_("You can only leave for yourself."))
    if membership.is_owner:
        raise ValidationError(_("Transfer ownership to another member before you leave."))
    audit_record(
        channel=channel,
        actor=actor,
        action="membership.left",
        target=membership,
        before={"roles": sorted(membership.roles.values_list("name", flat=True))},
    )
    membership.delete()


@transaction.atomic
def membership_set_listed(*, membership: Membership, actor, is_listed: bool) -> Membership:
    if membership.user_id != actor.pk:
        raise ValidationError(_("Only you decide whether you are listed."))
    if membership.is_listed != is_listed:
        membership.is_listed = is_listed
        membership.save(update_fields=["is_listed"])
        audit_record(
            channel=membership.channel,
            actor=actor,
            action="membership.listing_changed",
            target=membership,
            after={"listed": is_listed},
        )
    return membership
