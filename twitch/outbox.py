"""The Twitch change outbox and the domain events it follows (subscribed from twitch/plugin.py).

Each subscriber runs inside the recording service's transaction, which checked its actor: a
person gaining or losing a Twitch status gets an outbox row in that same transaction, so a
rolled-back team change leaves nothing; a channel handed to another owner drops the previous
owner's token with the transfer.
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialToken
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from channels.models import Channel, Membership
from channels.services import audit_record
from portal.events import Occurrence

from . import sync
from .audit import TwitchAction
from .models import (
    ChangeState,
    DriftState,
    TwitchChange,
    TwitchDrift,
    TwitchLink,
    TwitchListEntry,
)
from .tasks import enqueue_changes


def drop_token(account_id: int) -> None:
    """The token goes unless another channel's link still acts with the same account."""
    if not TwitchLink.objects.filter(account_id=account_id).exists():
        SocialToken.objects.filter(account_id=account_id).delete()


def unlink(link: TwitchLink) -> None:
    """Delete the link, its token, what it fetched and drifted; fail what still waits."""
    channel_id, account_id = link.channel_id, link.account_id
    link.delete()
    drop_token(account_id)
    TwitchChange.objects.filter(
        channel_id=channel_id, state__in=[ChangeState.PENDING, ChangeState.SENDING]
    ).update(state=ChangeState.FAILED, last_error="The channel was unlinked from Twitch.")
    TwitchListEntry.objects.filter(channel_id=channel_id).delete()
    TwitchDrift.objects.filter(channel_id=channel_id, state=DriftState.OPEN).delete()


def enqueue_change(
    channel: Channel, *, user, label: str, before: str, after: str, reason: str, uid=""
) -> TwitchChange:
    change = TwitchChange.objects.create(
        channel=channel,
        user=user,
        label=label[:150],
        twitch_user_id=uid,
        from_status=before,
        to_status=after,
        reason=reason,
        queued_at=timezone.now(),
    )
    enqueue_changes([change.pk])
    return change


# --- subscribers ------------------------------------------------------------------------------


def on_ownership_transferred(occurrence: Occurrence) -> None:
    """`channel.ownership_transferred`: the previous owner's token no longer acts for the
    channel. The new owner links again."""
    channel = occurrence.channel
    link = TwitchLink.objects.for_channel(channel).first()
    if link is None:
        return
    unlink(link)
    audit_record(
        channel=channel,
        actor=occurrence.subject("previous_owner", occurrence.actor),
        action=TwitchAction.UNLINKED,
        target=channel,
        before={"broadcaster": link.broadcaster_login},
        after={"why": "ownership transferred"},
    )


# The reason an outbox row gives, by team event (shown on the sync page).
REASONS = {
    "membership.joined": "joined",
    "membership.roles_changed": "roles",
    "membership.removed": "removed",
    "membership.left": "left",
    "role.deleted": "roles",
}


def on_team_changed(occurrence: Occurrence) -> None:
    """A team change (channels.audit.TEAM_CHANGES): its subjects name the membership and its
    roles before and after."""
    _follow(
        occurrence.channel,
        occurrence.subject("membership"),
        occurrence.subject("roles_before"),
        occurrence.subject("roles_after"),
        REASONS[occurrence.name],
    )


def on_role_deleted(occurrence: Occurrence) -> None:
    """`role.deleted`, recorded before the role goes: each holder loses it."""
    role, channel = occurrence.target, occurrence.channel
    holders = (
        Membership.objects.for_channel(channel)
        .filter(roles=role)
        .select_related("user", "channel")
        .prefetch_related("roles")
    )
    for membership in holders:
        before = list(membership.roles.all())
        after = [r for r in before if r.pk != role.pk]
        _follow(channel, membership, before, after, REASONS[occurrence.name])


def _follow(channel, membership, roles_before, roles_after, reason: str) -> None:
    if not settings.TWITCH_SYNC_ENABLED or membership.is_owner:
        return
    if not TwitchLink.objects.for_channel(channel).exists():
        return
    # What the portal expects of this person changed: the next comparison decides afresh.
    uid = sync.twitch_ids([membership.user_id]).get(membership.user_id)
    stale = Q(user_id=membership.user_id) | (Q(twitch_user_id=uid) if uid else Q(pk__in=[]))
    TwitchDrift.objects.for_channel(channel).filter(stale, state=DriftState.OPEN).delete()
    statuses = sync.role_statuses(channel)
    before = sync.status_for(roles_before, statuses)
    after = sync.status_for(roles_after, statuses)
    if before != after:
        user = membership.user
        enqueue_change(
            channel, user=user, label=user.username, before=before, after=after, reason=reason
        )
