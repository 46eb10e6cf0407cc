"""Reads of the sync pages, each in a fixed number of queries whatever the team's size."""

from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount
from django.db.models import Count

from channels.models import Channel, Membership, Role

from .models import ChangeState, DriftState, TwitchChange, TwitchDrift, TwitchListEntry
from .sync import role_statuses

RECENT_CHANGES = 50


def roles_with_status(*, channel: Channel) -> list[tuple[Role, str]]:
    """Every role of the channel with its Twitch status ("" for none): two queries."""
    statuses = role_statuses(channel)
    return [(role, statuses.get(role.pk, "")) for role in Role.objects.for_channel(channel)]


def changes_for(*, channel: Channel) -> dict:
    """The outbox, newest first: the open ones, the failed ones, the recent done ones, and the
    counts by state. Three queries."""
    rows = TwitchChange.objects.for_channel(channel)
    counts = dict.fromkeys(ChangeState.values, 0)
    for state, count in _count_by_state(rows):
        counts[state] = count
    recent = list(rows.order_by("-created_at", "-id")[:RECENT_CHANGES])
    failed = [c for c in recent if c.state == ChangeState.FAILED]
    return {"recent": recent, "failed": failed, "counts": counts}


def _count_by_state(rows):
    return rows.order_by().values_list("state").annotate(n=Count("id"))


def open_drift(*, channel: Channel) -> list[TwitchDrift]:
    """One query."""
    return list(
        TwitchDrift.objects.for_channel(channel).filter(state=DriftState.OPEN).order_by("login")
    )


@dataclass
class ImportRow:
    entry: TwitchListEntry
    member: bool
    user: object | None


def import_rows(*, channel: Channel) -> list[ImportRow]:
    """Twitch's lists matched against the portal: already on the team, has a portal account
    linked to that Twitch user, or not on the portal. Three queries."""
    entries = list(TwitchListEntry.objects.for_channel(channel).order_by("status", "login"))
    accounts = {
        account.uid: account.user
        for account in SocialAccount.objects.filter(
            provider="twitch", uid__in=[e.twitch_user_id for e in entries]
        ).select_related("user")
    }
    members = set(
        Membership.objects.for_channel(channel)
        .filter(user_id__in=[u.pk for u in accounts.values()])
        .values_list("user_id", flat=True)
    )
    return [
        ImportRow(
            entry=e,
            member=e.twitch_user_id in accounts and accounts[e.twitch_user_id].pk in members,
            user=accounts.get(e.twitch_user_id),
        )
        for e in entries
    ]
