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
from channels.services.guards import ensure_writable, require_capability

from ..audit import AnnouncementAction
from ..models import ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX, Announcement
from .profiles import clean_text


def _check_channel(announcement: Announcement, channel: Channel) -> None:
    if announcement.channel_id != channel.pk:
        raise ValidationError(_("This announcement belongs to another channel."))


@transaction.atomic
def announcement_post(
    *, channel: Channel, actor, title: str, body: str, is_pinned: bool = False
) -> Announcement:
    require_capability(channel, actor, Capability.POST_ANNOUNCEMENTS)
    ensure_writable(channel)
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
    require_capability(channel, actor, Capability.POST_ANNOUNCEMENTS)
    ensure_writable(channel)
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
    require_capability(channel, actor, Capability.POST_ANNOUNCEMENTS)
    ensure_writable(channel)
    _check_channel(announcement, channel)
    audit_record(
        channel=channel,
        actor=actor,
        action=AnnouncementAction.DELETED,
        target=announcement,
        before={"title": announcement.title},
    )
    announcement.delete()
