"""Writes to the channel itself: creation, settings, archiving, suspension, ownership."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.services import notify

from ..defaults import DEFAULT_ROLES
from ..models import Channel, Membership, MembershipRole, Role
from ..permissions import access_for
from .audit import audit_record
from .guards import ensure_writable

CHANNEL_FIELDS = (
    "name",
    "platform",
    "platform_url",
    "description",
    "languages",
    "time_zone",
    "visibility",
)


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
    ensure_writable(channel)
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
    ensure_writable(channel)
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
