"""Reads for the inbox and the preferences page, with their query counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from . import registry
from .models import Notification, NotificationPreference

if TYPE_CHECKING:
    from portal.models import User


def inbox_list(
    *, user: User, channel_id: int | None = None, event: str | None = None, unread_only=False
) -> QuerySet[Notification]:
    """The user's notifications, newest first, with actor and channel: one query per page."""
    rows = Notification.objects.for_user(user).select_related("actor", "channel")
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    if event:
        rows = rows.filter(event=event)
    if unread_only:
        rows = rows.unread()
    return rows.order_by("-created_at", "-id")


def inbox_filter_choices(*, user: User) -> tuple[list[tuple[int, str]], list[tuple[str, str]]]:
    """Channels and event types the user has notifications from: two queries.

    Only these are offered, so another channel's id is an invalid choice, not a probe.
    """
    channels = list(
        Notification.objects.for_user(user)
        .filter(channel__isnull=False)
        .values_list("channel_id", "channel__name")
        .distinct()
        .order_by("channel__name", "channel_id")
    )
    names = set(Notification.objects.for_user(user).values_list("event", flat=True).distinct())
    events = sorted(
        ((name, registry.label_for(name)) for name in names), key=lambda e: e[1].lower()
    )
    return channels, events


def unread_count(*, user: User) -> int:
    return Notification.objects.for_user(user).unread().count()


def preference_channels(*, user: User) -> list[tuple[int, str]]:
    """Channels a per-channel choice is offered for: the user's own channels (from the sources
    other apps register, e.g. channel memberships), those they hear from and those they set.

    Two queries plus one per registered source.
    """
    heard = dict(
        Notification.objects.for_user(user)
        .filter(channel__isnull=False)
        .values_list("channel_id", "channel__name")
        .distinct()
    )
    chosen = dict(
        NotificationPreference.objects.filter(user=user, channel__isnull=False)
        .values_list("channel_id", "channel__name")
        .distinct()
    )
    mine = registry.channels_from_sources(user)
    return sorted({**mine, **heard, **chosen}.items(), key=lambda item: (item[1].lower(), item[0]))


def preferences_for_user(*, user: User) -> dict[tuple[str, int | None], str]:
    return {
        (event, channel_id): delivery
        for event, channel_id, delivery in NotificationPreference.objects.filter(
            user=user
        ).values_list("event", "channel_id", "delivery")
    }


def channel_name(*, channel_id: int | None) -> str:
    if channel_id is None:
        return ""
    channel_model = Notification._meta.get_field("channel").related_model
    return channel_model.objects.filter(pk=channel_id).values_list("name", flat=True).first() or ""
