"""Channel announcements: members who can post announcements write to their team.

Rules guarded here: the actor holds POST_ANNOUNCEMENTS in the channel, which is writable; the
title and message are bounded text without NUL; every other member is notified in the same
transaction (the `announcement.posted` subscriber in community/notifications.py); the
announcement must belong to the channel named.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from channels.models import Capability, Channel
from channels.services import audit_record
from channels.services.guards import require_manager, require_platform_permission
from portal.text import clean_text

from ..audit import AnnouncementAction
from ..models import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_TITLE_MAX,
    Announcement,
    PlatformAnnouncement,
)


def _check_channel(announcement: Announcement, channel: Channel) -> None:
    if announcement.channel_id != channel.pk:
        raise ValidationError(_("This announcement belongs to another channel."))


@transaction.atomic
def announcement_post(
    *, channel: Channel, actor, title: str, body: str, is_pinned: bool = False
) -> Announcement:
    require_manager(channel, actor, Capability.POST_ANNOUNCEMENTS)
    title = clean_text(title, field="title", limit=ANNOUNCEMENT_TITLE_MAX)
    body = clean_text(body, field="body", limit=ANNOUNCEMENT_BODY_MAX)
    if not title:
        raise ValidationError({"title": _("Give the announcement a title.")})
    if not body:
        raise ValidationError({"body": _("Write the announcement.")})
    announcement = Announcement.objects.create(
        channel=channel, title=title, body=body, is_pinned=bool(is_pinned), author=actor
    )
    audit_record(
        channel=channel,
        actor=actor,
        action=AnnouncementAction.POSTED,
        target=announcement,
        after={"title": title, "pinned": announcement.is_pinned},
    )
    return announcement


@transaction.atomic
def announcement_set_pinned(
    *, announcement: Announcement, channel: Channel, actor, is_pinned: bool
) -> Announcement:
    require_manager(channel, actor, Capability.POST_ANNOUNCEMENTS)
    _check_channel(announcement, channel)
    if announcement.is_pinned != bool(is_pinned):
        announcement.is_pinned = bool(is_pinned)
        announcement.save(update_fields=["is_pinned"])
        audit_record(
            channel=channel,
            actor=actor,
            action=AnnouncementAction.PINNED if is_pinned else AnnouncementAction.UNPINNED,
            target=announcement,
            before={"pinned": not is_pinned},
            after={"pinned": bool(is_pinned)},
        )
    return announcement


@transaction.atomic
def announcement_delete(*, announcement: Announcement, channel: Channel, actor) -> None:
    require_manager(channel, actor, Capability.POST_ANNOUNCEMENTS)
    _check_channel(announcement, channel)
    audit_record(
        channel=channel,
        actor=actor,
        action=AnnouncementAction.DELETED,
        target=announcement,
        before={"title": announcement.title},
    )
    announcement.delete()


# Platform announcements: news from the platform's admins to every moderator, written in the
# Django admin. Not a channel's, so there is no channel audit row: the admin's own log keeps
# who changed what.


@transaction.atomic
def platform_announcement_save(
    *,
    actor,
    title: str,
    body: str,
    is_published: bool = True,
    announcement: PlatformAnnouncement | None = None,
) -> PlatformAnnouncement:
    """Write a new platform announcement, or change one; needs the platform permission."""
    permission = "change" if announcement is not None and announcement.pk else "add"
    require_platform_permission(actor, f"community.{permission}_platformannouncement")
    title = clean_text(title, field="title", limit=ANNOUNCEMENT_TITLE_MAX, required=True)
    body = clean_text(body, field="body", limit=ANNOUNCEMENT_BODY_MAX, required=True)
    if announcement is None or not announcement.pk:
        announcement = PlatformAnnouncement(created_by=actor)
    announcement.title, announcement.body = title, body
    announcement.is_published = bool(is_published)
    announcement.full_clean()
    announcement.save()
    return announcement


@transaction.atomic
def platform_announcement_delete(*, actor, announcement: PlatformAnnouncement) -> None:
    require_platform_permission(actor, "community.delete_platformannouncement")
    announcement.delete()
