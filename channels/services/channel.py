"""Writes to the channel itself: creation, settings, archiving, suspension, ownership."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import ChannelAction
from ..defaults import DEFAULT_ROLES, in_language
from ..models import Capability, Channel, Membership, MembershipRole, Role
from .audit import audit_record
from .guards import (
    ensure_not_suspended,
    ensure_writable,
    require_manager,
    require_owner,
    require_platform_permission,
    require_signed_in,
)

CHANNEL_FIELDS = (
    "name",
    "platform",
    "platform_url",
    "description",
    "languages",
    "time_zone",
    "language",
    "visibility",
)

SUSPEND_PERMISSION = "channels.suspend_channel"


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
    language: str = "en",
) -> Channel:
    """A new channel with its default roles and the creator as owner. Any signed-in account.

    `language` (one of LANGUAGES) is the language the default roles are written in, and the
    one starter norms and training are offered in later."""
    require_signed_in(creator)
    channel = Channel(
        name=name,
        slug=slug,
        platform=platform,
        platform_url=platform_url,
        description=description,
        languages=languages or [],
        time_zone=time_zone,
        language=language,
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
        for index, spec in enumerate(in_language(DEFAULT_ROLES, channel.language))
    )
    Membership.objects.create(channel=channel, user=creator, is_owner=True, added_by=creator)
    audit_record(
        channel=channel,
        actor=creator,
        action=ChannelAction.CHANNEL_CREATED,
        target=channel,
        after={"name": name, "slug": slug, "visibility": visibility, "language": language},
    )
    return channel


def _delete_file_on_commit(storage, name: str) -> None:
    """Delete a replaced or cleared upload once the change is committed (kept on rollback)."""
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def channel_update(
    *, channel: Channel, actor, avatar=None, remove_avatar: bool = False, **fields
) -> Channel:
    """Settings, by members who may manage the channel, while it is writable."""
    require_manager(channel, actor, Capability.MANAGE_CHANNEL)
    unknown = set(fields) - set(CHANNEL_FIELDS)
    if unknown:
        raise TypeError(f"not channel settings: {sorted(unknown)}")
    before, after = {}, {}
    for key, value in fields.items():
        if getattr(channel, key) != value:
            before[key], after[key] = getattr(channel, key), value
            setattr(channel, key, value)
    old_avatar, storage = channel.avatar.name, channel.avatar.storage
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
    if old_avatar and "avatar" in after:
        _delete_file_on_commit(storage, old_avatar)
    audit_record(
        channel=channel,
        actor=actor,
        action=ChannelAction.CHANNEL_UPDATED,
        target=channel,
        before=before,
        after=after,
    )
    return channel


@transaction.atomic
def channel_archive(*, channel: Channel, actor) -> Channel:
    """The owner closes the channel; refused while suspended (a suspension is not theirs to
    turn into an archive). Archiving an archived channel changes nothing."""
    require_owner(channel, actor)
    ensure_not_suspended(channel)
    if channel.is_archived:
        return channel
    channel.archived_at = timezone.now()
    channel.save(update_fields=["archived_at"])
    audit_record(
        channel=channel, actor=actor, action=ChannelAction.CHANNEL_ARCHIVED, target=channel
    )
    return channel


@transaction.atomic
def channel_restore(*, channel: Channel, actor) -> Channel:
    """The owner's way out of an archive: works on an archived channel, not while suspended."""
    require_owner(channel, actor)
    ensure_not_suspended(channel)
    if not channel.is_archived:
        return channel
    channel.archived_at = None
    channel.save(update_fields=["archived_at"])
    audit_record(
        channel=channel, actor=actor, action=ChannelAction.CHANNEL_RESTORED, target=channel
    )
    return channel


@transaction.atomic
def channel_suspend(*, channel: Channel, actor, reason: str) -> Channel:
    """Platform staff holding `channels.suspend_channel` stop a channel: its pages say so and
    its team areas become read-only. Works on archived channels too."""
    require_platform_permission(actor, SUSPEND_PERMISSION)
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
        action=ChannelAction.CHANNEL_SUSPENDED,
        target=channel,
        after={"reason": channel.suspension_reason},
    )
    return channel


@transaction.atomic
def channel_unsuspend(*, channel: Channel, actor) -> Channel:
    """Platform staff holding `channels.suspend_channel` lift a suspension."""
    require_platform_permission(actor, SUSPEND_PERMISSION)
    if not channel.is_suspended:
        return channel
    before = {"reason": channel.suspension_reason}
    channel.suspended_at = None
    channel.suspension_reason = ""
    channel.save(update_fields=["suspended_at", "suspension_reason"])
    audit_record(
        channel=channel,
        actor=actor,
        action=ChannelAction.CHANNEL_UNSUSPENDED,
        target=channel,
        before=before,
    )
    return channel


@transaction.atomic
def channel_transfer_ownership(*, channel: Channel, actor, new_owner: Membership) -> Channel:
    """The owner hands the channel to another member; the old owner stays on the team."""
    require_owner(channel, actor)
    ensure_writable(channel)
    current = Membership.objects.for_channel(channel).select_for_update().get(is_owner=True)
    if current.user_id != actor.pk:  # someone else took over meanwhile
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
        action=ChannelAction.OWNERSHIP_TRANSFERRED,
        target=channel,
        before={"owner": actor.username},
        after={"owner": new_owner.user.username},
        subjects={"previous_owner": actor, "new_owner": new_owner.user},
    )
    return channel
