"""Applying the outbox on Twitch and comparing Twitch's lists with the portal: the system
steps the tasks run. No person acts here, so nothing here checks an actor; the services that
people call (services.py) do, and enqueue through tasks.py.

A change is claimed with one conditional UPDATE (pending and due, or sending with a claim gone
stale), so of two workers given the same id one applies it. A change is a list of steps (remove
one status, add the other: Twitch holds one per person), each saved as done after its call; a
change claimed again (a retry, or a worker killed mid-request or between two calls) resumes at
its step and first asks Twitch whether that step already holds, so a request Twitch accepted
before the crash is not sent twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.urls import reverse
from django.utils import timezone

from channels.models import Membership
from channels.services import audit_record
from portal.notifications.services import notify

from .audit import TwitchAction
from .client import (
    HoldsOther,
    NotLinked,
    RateLimited,
    TwitchApi,
    TwitchRefused,
    TwitchUnavailable,
)
from .models import (
    ChangeState,
    DriftState,
    TwitchChange,
    TwitchDrift,
    TwitchLink,
    TwitchListEntry,
    TwitchRoleStatus,
    TwitchStatus,
)

log = logging.getLogger(__name__)

TAKEN = "taken"


class RetryLater(Exception):
    """The change went back to pending; the task should run it again after `seconds`."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def twitch_ids(user_ids) -> dict[int, str]:
    """{portal user id: Twitch user id} for those who linked Twitch: one query."""
    rows = SocialAccount.objects.filter(provider="twitch", user_id__in=list(user_ids))
    return dict(rows.values_list("user_id", "uid"))


def twitch_logins(user_ids) -> dict[int, tuple[str, str]]:
    """{portal user id: (Twitch id, Twitch login)} for those who linked Twitch: one query."""
    rows = SocialAccount.objects.filter(provider="twitch", user_id__in=list(user_ids))
    return {
        account.user_id: (
            account.uid,
            str((account.extra_data or {}).get("login") or account.uid)[:60]
            if isinstance(account.extra_data, dict)
            else account.uid,
        )
        for account in rows
    }


def role_statuses(channel) -> dict[int, str]:
    return dict(TwitchRoleStatus.objects.for_channel(channel).values_list("role_id", "status"))


def status_for(roles, statuses: dict[int, str]) -> str:
    """Twitch holds one status per person: moderator wins over VIP."""
    held = {statuses.get(role.pk) for role in roles}
    if TwitchStatus.MODERATOR in held:
        return TwitchStatus.MODERATOR
    if TwitchStatus.VIP in held:
        return TwitchStatus.VIP
    return ""


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.TWITCH_STALE_SECONDS)


def _describe(error: BaseException) -> str:
    return str(error)[:1000] or type(error).__name__


def _owner(channel_id: int):
    membership = (
        Membership.objects.filter(channel_id=channel_id, is_owner=True)
        .select_related("user", "channel")
        .first()
    )
    return membership


@transaction.atomic
def _fail(ours, change: TwitchChange, message: str) -> None:
    ours.update(state=ChangeState.FAILED, last_error=message[:1000], done_at=timezone.now())
    owner = _owner(change.channel_id)
    if owner is not None:
        notify(
            event="twitch.change_failed",
            recipients=[owner.user],
            channel=owner.channel,
            context={
                "channel_name": owner.channel.name,
                "who": change.label,
                "error": message[:300],
                "url": reverse("twitch:sync", kwargs={"slug": owner.channel.slug}),
            },
        )


def change_apply(change_id: int, *, final_attempt: bool = False) -> str:
    """Apply one change on Twitch at most once. Returns the row's state, or "taken"."""
    now = timezone.now()
    due = Q(not_before__isnull=True) | Q(not_before__lte=now)
    claimable = (Q(state=ChangeState.PENDING) & due) | Q(
        state=ChangeState.SENDING, claimed_at__lt=_stale_before(now)
    )
    scope = TwitchChange.objects.filter(pk=change_id)
    if not scope.filter(claimable).update(
        state=ChangeState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    ):
        return TAKEN
    ours = scope.filter(state=ChangeState.SENDING, claimed_at=now)
    change = ours.get()
    link = TwitchLink.objects.for_channel(change.channel_id).first()
    if link is None:
        _fail(ours, change, "The channel is not linked to Twitch any more.")
        return ChangeState.FAILED
    target = change.twitch_user_id or twitch_ids([change.user_id]).get(change.user_id, "")
    if not target:
        _fail(ours, change, f"{change.label} has no Twitch account linked to the portal.")
        return ChangeState.FAILED
    api = TwitchApi(link)
    try:
        if not _run_steps(api, ours, change, target):
            return TAKEN
    except RateLimited as error:
        ours.update(
            state=ChangeState.PENDING,
            not_before=error.reset_at,
            last_error=_describe(error),
            twitch_user_id=target,
        )
        raise RetryLater(max(1.0, (error.reset_at - timezone.now()).total_seconds())) from error
    except TwitchUnavailable as error:
        attempts = change.attempts
        if final_attempt or attempts >= settings.TWITCH_MAX_ATTEMPTS:
            _fail(ours, change, _describe(error))
            return ChangeState.FAILED
        ours.update(state=ChangeState.PENDING, last_error=_describe(error), twitch_user_id=target)
        raise RetryLater(min(900, 15 * 2 ** (attempts - 1))) from error
    except TwitchRefused as error:
        _fail(ours, change, _describe(error))
        return ChangeState.FAILED
    ours.update(
        state=ChangeState.DONE, done_at=timezone.now(), last_error="", twitch_user_id=target
    )
    return ChangeState.DONE


def plan(change: TwitchChange) -> list[str]:
    """The calls a change takes: the status it leaves first, then the one it gains."""
    steps = []
    if change.from_status and change.from_status != change.to_status:
        steps.append(f"remove:{change.from_status}")
    if change.to_status:
        steps.append(f"add:{change.to_status}")
    return steps


def _run_steps(api: TwitchApi, ours, change: TwitchChange, target: str) -> bool:
    """Each step not done yet, saved as done after its call, so a change claimed again (a
    retry, a worker killed between two calls) starts at the step it had reached. That step may
    have reached Twitch before the crash: it is first checked against Twitch's state for that
    one user. Twitch refusing an add because the person holds the other status (a VIP made a
    moderator, a moderator made a VIP) adds the removal of that status before it. False when
    the claim was lost to another worker meanwhile."""
    steps = list(change.steps) if change.steps else plan(change)
    done = change.steps_done if change.steps else 0
    if not change.steps and not ours.update(steps=steps, steps_done=0):
        return False
    checked = change.attempts <= 1  # a first claim: nothing was sent before
    while done < len(steps):
        action, status = steps[done].split(":", 1)
        adding = action == "add"
        if checked or api.holds(status, target) != adding:
            try:
                if adding:
                    api.add(status, target)
                else:
                    api.remove(status, target)
            except HoldsOther as refused:
                removal = f"remove:{refused.status}"
                if removal in steps[:done]:
                    raise  # removed already, and Twitch still refuses: a final no
                steps.insert(done, removal)
                if not ours.update(steps=steps):
                    return False
                checked = True
                continue
        checked = True
        done += 1
        if not ours.update(steps_done=done):
            return False
    return True


def stale_change_ids(*, now: datetime | None = None) -> list[int]:
    """Due changes nobody is working on (a lost message, a killed worker), stamped as queued."""
    now = now or timezone.now()
    stale = _stale_before(now)
    due = Q(not_before__isnull=True) | Q(not_before__lte=now)
    stuck = TwitchChange.objects.filter(
        (Q(state=ChangeState.PENDING) & due & (Q(queued_at__lt=stale) | Q(queued_at__isnull=True)))
        | Q(state=ChangeState.SENDING, claimed_at__lt=stale)
        | (Q(state=ChangeState.PENDING, not_before__lte=now) & Q(queued_at__lt=F("not_before")))
    )
    ids = list(stuck.order_by("id").values_list("pk", flat=True)[:1000])
    if ids:
        TwitchChange.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


# --- Twitch's lists and drift ---------------------------------------------------------------------


def lists_fetch(link: TwitchLink) -> int:
    """Fetch every page of both lists, keep them as Twitch's current team, then compare.

    Network first, outside any transaction; then one transaction replaces the snapshot.
    Returns how many names Twitch lists. Raises the client's errors (recorded on the link).
    """
    api = TwitchApi(link)
    try:
        names = {status: api.list(status) for status in TwitchStatus.values}
    except (TwitchRefused, TwitchUnavailable, RateLimited) as error:
        TwitchLink.objects.filter(pk=link.pk).update(lists_error=_describe(error)[:500])
        raise
    channel = link.channel
    with transaction.atomic():
        TwitchListEntry.objects.for_channel(channel).delete()
        TwitchListEntry.objects.bulk_create(
            [
                TwitchListEntry(
                    channel=channel,
                    twitch_user_id=str(row.get("user_id", ""))[:40],
                    login=str(row.get("user_login", ""))[:60],
                    display_name=str(row.get("user_name", ""))[:60],
                    status=status,
                )
                for status, rows in names.items()
                for row in rows
                if row.get("user_id")
            ],
            ignore_conflicts=True,
        )
        TwitchLink.objects.filter(pk=link.pk).update(
            lists_fetched_at=timezone.now(), lists_error=""
        )
        drift_compute(channel=channel, broadcaster_id=link.broadcaster_id)
    return sum(len(rows) for rows in names.values())


def expected_statuses(channel) -> dict[str, tuple[str, object, str]]:
    """{Twitch id: (status the portal expects, user, login)} for members who linked Twitch, owner
    excepted (the broadcaster holds no status in their own channel). Four queries."""
    statuses = role_statuses(channel)
    members = list(
        Membership.objects.for_channel(channel)
        .filter(is_owner=False)
        .select_related("user")
        .prefetch_related("roles")
    )
    ids = twitch_logins(m.user_id for m in members)
    return {
        ids[m.user_id][0]: (status_for(m.roles.all(), statuses), m.user, ids[m.user_id][1])
        for m in members
        if m.user_id in ids
    }


def drift_compute(*, channel, broadcaster_id: str) -> int:
    """Open a drift row for each person Twitch and the portal disagree about, close those that
    agree again. People with a change still on its way are left out. Returns open rows."""
    actual: dict[str, tuple[str, str]] = {}
    for entry in TwitchListEntry.objects.for_channel(channel):
        if entry.twitch_user_id not in actual or entry.status == TwitchStatus.MODERATOR:
            actual[entry.twitch_user_id] = (entry.status, entry.login)
    expected = expected_statuses(channel)
    busy = TwitchChange.objects.for_channel(channel).filter(
        state__in=[ChangeState.PENDING, ChangeState.SENDING]
    )
    busy_users = set(busy.values_list("user_id", flat=True))
    busy_ids = set(busy.values_list("twitch_user_id", flat=True))
    differences = {}
    for uid in set(actual) | set(expected):
        want, user, known_as = expected.get(uid, ("", None, ""))
        have, login = actual.get(uid, ("", known_as))
        if uid == broadcaster_id or uid in busy_ids or (user and user.pk in busy_users):
            continue
        if want != have:
            differences[uid] = (want, have, user, login or (user.username if user else uid))
    open_rows = TwitchDrift.objects.for_channel(channel).filter(state=DriftState.OPEN)
    kept = set()
    for row in open_rows:
        now = differences.get(row.twitch_user_id)
        if now and (now[0], now[1]) == (row.expected_status, row.actual_status):
            kept.add(row.twitch_user_id)
    open_rows.exclude(twitch_user_id__in=kept).delete()
    found = TwitchDrift.objects.bulk_create(
        TwitchDrift(
            channel=channel,
            twitch_user_id=uid,
            login=login[:60],
            user=user,
            expected_status=want,
            actual_status=have,
        )
        for uid, (want, have, user, login) in differences.items()
        if uid not in kept
    )
    # The domain event (webhooks, the API's feed): once per drift found; a disagreement still
    # open at the next comparison is kept, not found again.
    for drift in found:
        audit_record(
            channel=channel,
            actor=None,
            action=TwitchAction.DRIFT_FOUND,
            target=drift,
            before={"portal": drift.expected_status, "twitch": drift.actual_status},
            after={"who": drift.login},
        )
    return len(differences)


# --- token validation -----------------------------------------------------------------------------


def validation_slot(now: datetime) -> tuple[int, int]:
    """(this run's slot, slots in an hour): a link is validated in the run whose slot is its id
    modulo the hour's runs, so each token is validated hourly and the calls spread over it."""
    tick = max(1, settings.TWITCH_VALIDATE_TICK_SECONDS)
    slots = max(1, 3600 // tick)
    return (now.minute * 60 + now.second) // tick % slots, slots


def links_due_for_validation(now: datetime):
    """Links in this run's slot, and any never validated or not for over an hour (a run
    missed: the worker was down)."""
    slot, slots = validation_slot(now)
    overdue = now - timedelta(seconds=3600 + settings.TWITCH_VALIDATE_TICK_SECONDS)
    return (
        TwitchLink.objects.annotate(slot=Mod("id", slots))
        .filter(Q(slot=slot) | Q(token_checked_at__isnull=True) | Q(token_checked_at__lt=overdue))
        .select_related("channel")
        .order_by("pk")
    )


def token_validate(link: TwitchLink) -> str:
    """Ask Twitch whether the link's token is still valid ("valid", "lost" or "unknown"), and
    record the scopes it reports. A token Twitch no longer accepts marks the link and tells the
    owner once; a valid one again (the owner connected again) clears the mark."""
    now = timezone.now()
    try:
        scopes = TwitchApi(link).validate()
    except NotLinked as error:
        with transaction.atomic():
            newly = TwitchLink.objects.filter(pk=link.pk, token_lost_at__isnull=True).update(
                token_lost_at=now, token_checked_at=now
            )
            if newly:
                _tell_owner_token_lost(link, _describe(error))
            else:
                TwitchLink.objects.filter(pk=link.pk).update(token_checked_at=now)
        return "lost"
    except (TwitchRefused, TwitchUnavailable, RateLimited) as error:
        log.warning("Twitch token of channel %s not validated: %s", link.channel_id, error)
        return "unknown"
    TwitchLink.objects.filter(pk=link.pk).update(
        token_checked_at=now, token_lost_at=None, token_scopes=scopes
    )
    return "valid"


def _tell_owner_token_lost(link: TwitchLink, message: str) -> None:
    owner = _owner(link.channel_id)
    if owner is None:
        return
    notify(
        event="twitch.token_lost",
        recipients=[owner.user],
        channel=owner.channel,
        context={
            "channel_name": owner.channel.name,
            "error": message[:300],
            "url": reverse("twitch:sync", kwargs={"slug": owner.channel.slug}),
        },
    )


def tokens_validate(*, now: datetime | None = None) -> dict:
    """The periodic validation Twitch requires of apps that keep tokens: this run's links."""
    counts = {"valid": 0, "lost": 0, "unknown": 0}
    for link in links_due_for_validation(now or timezone.now()):
        counts[token_validate(link)] += 1
    return counts


def drift_check_all() -> dict:
    """The periodic comparison: every linked channel; one channel's failure stops no other."""
    counts = {"checked": 0, "failed": 0}
    for link in TwitchLink.objects.select_related("channel").order_by("pk"):
        if link.channel.is_read_only:
            continue
        try:
            lists_fetch(link)
            counts["checked"] += 1
        except (TwitchRefused, TwitchUnavailable, RateLimited) as error:
            log.warning("Twitch lists of channel %s: %s", link.channel_id, error)
            counts["failed"] += 1
    return counts
