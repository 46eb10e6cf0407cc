"""Every write of the Twitch sync that a person makes. One transaction each, audited.

Rules guarded here, whatever the caller:
- only the owner links the channel to their own Twitch account (the token acting is theirs)
  and unlinks it; unlinking or handing the channel over drops the token;
- the sync page's actions (roles' Twitch status, fetching Twitch's lists, importing, retrying,
  resolving drift) need the manage-team capability, on a writable channel, and stay within
  the actor's own capabilities when they touch roles;
- nobody joins because they are on Twitch's list: importing sends a recruitment invitation
  (moderators.services.invitations) that the person accepts or not;
- a team change that gains or loses a Twitch status writes its outbox row in the team
  change's own transaction (twitch/outbox.py subscribes to the team's domain events); a
  rolled-back change leaves nothing.
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from channels.models import Capability, Channel, Membership, Role
from channels.services import audit_record, membership_set_roles
from channels.services.guards import (
    ensure_writable,
    require_capability,
    require_owner,
    require_signed_in,
    within_actor,
)
from moderators.services.invitations import invitation_create

from . import sync
from .audit import TwitchAction
from .client import RateLimited, TwitchError
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
from .outbox import enqueue_change, unlink
from .tasks import enqueue_changes, enqueue_validation

JOIN_LINK_SALT = "twitch.join"
JOIN_LINK_MAX_AGE = 7 * 24 * 3600


def twitch_account(user) -> SocialAccount | None:
    return SocialAccount.objects.filter(provider="twitch", user=user).first()


def _login_of(account: SocialAccount) -> str:
    data = account.extra_data if isinstance(account.extra_data, dict) else {}
    return str(data.get("login") or data.get("display_name") or account.uid)[:60]


def _link_of(channel: Channel) -> TwitchLink:
    link = TwitchLink.objects.for_channel(channel).first()
    if link is None:
        raise ValidationError(_("Link this channel to Twitch first."))
    return link


# --- linking ------------------------------------------------------------------------------------


@transaction.atomic
def link_create(*, channel: Channel, actor) -> TwitchLink:
    """The owner links the channel to the Twitch account they connected (allauth)."""
    require_owner(channel, actor)
    ensure_writable(channel)
    account = twitch_account(actor)
    if account is None or not SocialToken.objects.filter(account=account).exists():
        raise ValidationError(_("Connect your Twitch account first, then link the channel."))
    if TwitchLink.objects.for_channel(channel).exists():
        raise ValidationError(_("This channel is already linked to Twitch."))
    link = TwitchLink.objects.create(
        channel=channel,
        account=account,
        broadcaster_id=account.uid,
        broadcaster_login=_login_of(account),
        linked_by=actor,
    )
    audit_record(
        channel=channel,
        actor=actor,
        action=TwitchAction.LINKED,
        target=link,
        after={"broadcaster": link.broadcaster_login},
    )
    enqueue_validation(link.pk)
    return link


@transaction.atomic
def link_delete(*, channel: Channel, actor) -> None:
    """The owner unlinks the channel; the token goes, and pending changes fail."""
    require_owner(channel, actor)
    link = _link_of(channel)
    unlink(link)
    audit_record(
        channel=channel,
        actor=actor,
        action=TwitchAction.UNLINKED,
        target=channel,
        before={"broadcaster": link.broadcaster_login},
    )


# --- the outbox -----------------------------------------------------------------------------------


@transaction.atomic
def role_status_set(*, channel: Channel, actor, role: Role, status: str) -> None:
    """Mark a role "moderator on Twitch", "VIP on Twitch" or neither; its holders' Twitch
    status follows (one outbox row each whose status changes)."""
    access = require_capability(channel, actor, Capability.MANAGE_TEAM)
    ensure_writable(channel)
    if role.channel_id != channel.pk:
        raise ValidationError({"role": _("Choose a role of this channel.")})
    if status not in ("", *TwitchStatus.values):
        raise ValidationError({"status": _("Choose moderator, VIP or no Twitch status.")})
    within_actor(
        access,
        role.capabilities(),
        "role",
        _("You can only change roles whose capabilities you hold yourself."),
    )
    before_statuses = sync.role_statuses(channel)
    old = before_statuses.get(role.pk, "")
    if old == status:
        return
    if status:
        TwitchRoleStatus.objects.update_or_create(
            role=role, defaults={"channel": channel, "status": status}
        )
    else:
        TwitchRoleStatus.objects.for_channel(channel).filter(role=role).delete()
    audit_record(
        channel=channel,
        actor=actor,
        action=TwitchAction.ROLE_STATUS_CHANGED,
        target=role,
        before={"twitch": old},
        after={"twitch": status},
    )
    if not TwitchLink.objects.for_channel(channel).exists():
        return
    after_statuses = {**before_statuses, role.pk: status}
    holders = (
        Membership.objects.for_channel(channel)
        .filter(roles=role, is_owner=False)
        .select_related("user")
        .prefetch_related("roles")
    )
    for member in holders:
        roles = list(member.roles.all())
        was = sync.status_for(roles, before_statuses)
        now = sync.status_for(roles, after_statuses)
        if was != now:
            enqueue_change(
                channel,
                user=member.user,
                label=member.user.username,
                before=was,
                after=now,
                reason="role",
            )


@transaction.atomic
def change_retry(*, change: TwitchChange, actor) -> TwitchChange:
    """Try a failed change again, from a fresh count of attempts."""
    channel = change.channel
    require_capability(channel, actor, Capability.MANAGE_TEAM)
    ensure_writable(channel)
    _link_of(channel)
    updated = TwitchChange.objects.for_channel(channel).filter(
        pk=change.pk, state=ChangeState.FAILED
    )
    if not updated.update(
        state=ChangeState.PENDING, attempts=0, not_before=None, queued_at=timezone.now()
    ):
        raise ValidationError(_("Only a failed change can be tried again."))
    audit_record(
        channel=channel,
        actor=actor,
        action=TwitchAction.CHANGE_RETRIED,
        target=change,
        after={"who": change.label, "error": change.last_error[:200]},
    )
    enqueue_changes([change.pk])
    change.refresh_from_db()
    return change


# --- Twitch's lists, import, drift ----------------------------------------------------------------


def lists_refresh(*, channel: Channel, actor) -> int:
    """Fetch Twitch's moderator and VIP lists now (all pages) and compare them with the team.
    The network call happens outside a transaction; its result is written in one."""
    require_capability(channel, actor, Capability.MANAGE_TEAM)
    ensure_writable(channel)
    link = _link_of(channel)
    try:
        return sync.lists_fetch(link)
    except RateLimited as error:
        raise ValidationError(
            _("Twitch asks us to slow down. Try again after %(time)s.")
            % {"time": error.reset_at.strftime("%H:%M:%S UTC")}
        ) from error
    except TwitchError as error:
        raise ValidationError(
            _("Twitch's lists could not be fetched: %(error)s") % {"error": error}
        ) from error


def _role_for(channel: Channel, role: Role | None, status: str) -> list[Role]:
    if role is not None:
        if role.channel_id != channel.pk:
            raise ValidationError({"role": _("Choose a role of this channel.")})
        return [role]
    marked = (
        TwitchRoleStatus.objects.for_channel(channel)
        .filter(status=status)
        .select_related("role")
        .order_by("role__position", "role__name")
        .first()
    )
    return [marked.role] if marked else []


def import_invite(
    *, channel: Channel, actor, entry: TwitchListEntry, role: Role | None = None
) -> object:
    """Invite the portal account linked to a name on Twitch's list, with the role marked with
    their Twitch status (or the one chosen). They join only if they accept."""
    require_capability(channel, actor, Capability.MANAGE_TEAM)
    if entry.channel_id != channel.pk:
        raise ValidationError(_("Choose a name from this channel's Twitch list."))
    account = SocialAccount.objects.filter(provider="twitch", uid=entry.twitch_user_id).first()
    if account is None:
        raise ValidationError(
            _("%(name)s has no portal account linked to Twitch yet: share an invitation link.")
            % {"name": entry.login}
        )
    roles = _role_for(channel, role, entry.status)
    # invitation_create checks the actor (manage team, roles within theirs) and audits.
    return invitation_create(
        channel=channel,
        actor=actor,
        roles=roles,
        username=account.user.username,
        message=_INVITATION_MESSAGE[entry.status] % {"channel": channel.name},
    )


# One whole sentence per status (not a lower-cased label spliced in), so each language can
# word it and "Twitch" keeps its capital.
_INVITATION_MESSAGE = {
    TwitchStatus.MODERATOR: _lazy(
        "You moderate %(channel)s's Twitch channel: join its team here too."
    ),
    TwitchStatus.VIP: _lazy(
        "You are a VIP on %(channel)s's Twitch channel: join its team here too."
    ),
}


def import_links(*, channel: Channel, actor, entries) -> dict[int, str]:
    """Links to copy to people on Twitch's list who are not on the portal yet, by entry id.
    Whoever opens one with that Twitch account linked gets a recruitment invitation from
    `actor` (checked again then). Writes nothing; one query for the actor check."""
    require_capability(channel, actor, Capability.MANAGE_TEAM)
    links = {}
    for entry in entries:
        if entry.channel_id != channel.pk:
            raise ValidationError(_("Choose a name from this channel's Twitch list."))
        token = signing.dumps(
            {"c": channel.pk, "t": entry.twitch_user_id, "s": entry.status, "by": actor.pk},
            salt=JOIN_LINK_SALT,
            compress=True,
        )
        links[entry.pk] = reverse("twitch:join", kwargs={"token": token})
    return links


def join_link_read(token: str) -> dict | None:
    if not isinstance(token, str) or len(token) > 500 or "\x00" in token:
        return None
    try:
        data = signing.loads(token, salt=JOIN_LINK_SALT, max_age=JOIN_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


@transaction.atomic
def join_link_accept(*, token: str, actor) -> object:
    """The person the link names (by their linked Twitch account) asks for their invitation;
    it is sent on the authority of the team member who made the link, checked now."""
    require_signed_in(actor)
    data = join_link_read(token)
    if data is None:
        raise ValidationError(
            _("This link is not valid or has expired. Ask the team for a new one.")
        )
    account = twitch_account(actor)
    if account is None or account.uid != data.get("t"):
        raise PermissionDenied("This link is for another Twitch account.")
    channel = Channel.objects.filter(pk=data.get("c")).first()
    inviter = get_user_model().objects.filter(pk=data.get("by"), is_active=True).first()
    if channel is None or inviter is None:
        raise ValidationError(
            _("This link is not valid or has expired. Ask the team for a new one.")
        )
    return invitation_create(
        channel=channel,
        actor=inviter,
        roles=_role_for(channel, None, data.get("s", "")),
        username=actor.username,
    )


def _open_drift(channel: Channel, drift: TwitchDrift) -> TwitchDrift:
    drift = TwitchDrift.objects.for_channel(channel).select_for_update().filter(pk=drift.pk).first()
    if drift is None or drift.state != DriftState.OPEN:
        raise ValidationError(_("This difference was already resolved."))
    return drift


def _resolved(drift: TwitchDrift, actor, state: str, action) -> None:
    drift.state, drift.resolved_at, drift.resolved_by = state, timezone.now(), actor
    drift.save(update_fields=["state", "resolved_at", "resolved_by"])
    audit_record(
        channel=drift.channel,
        actor=actor,
        action=action,
        target=drift,
        before={"portal": drift.expected_status, "twitch": drift.actual_status},
        after={"who": drift.login},
    )


@transaction.atomic
def drift_revert(*, drift: TwitchDrift, actor) -> TwitchChange:
    """Put Twitch back to what the portal expects (an outbox row like any other change)."""
    channel = drift.channel
    require_capability(channel, actor, Capability.MANAGE_TEAM)
    ensure_writable(channel)
    _link_of(channel)
    drift = _open_drift(channel, drift)
    change = enqueue_change(
        channel,
        user=drift.user,
        label=drift.user.username if drift.user else drift.login,
        before=drift.actual_status,
        after=drift.expected_status,
        reason="revert",
        uid=drift.twitch_user_id,
    )
    _resolved(drift, actor, DriftState.REVERTED, TwitchAction.DRIFT_REVERTED)
    return change


@transaction.atomic
def drift_adopt(*, drift: TwitchDrift, actor) -> None:
    """Make the portal match Twitch for a member: their roles with a Twitch status are
    replaced by the first role marked with the status Twitch shows (or none)."""
    channel = drift.channel
    require_capability(channel, actor, Capability.MANAGE_TEAM)
    ensure_writable(channel)
    drift = _open_drift(channel, drift)
    membership = (
        Membership.objects.for_channel(channel).filter(user=drift.user).first()
        if drift.user_id
        else None
    )
    if membership is None:
        raise ValidationError(
            _("%(name)s is not on the team: invite them from Twitch's list instead.")
            % {"name": drift.login}
        )
    statuses = sync.role_statuses(channel)
    roles = [r for r in membership.roles.all() if r.pk not in statuses]
    if drift.actual_status:
        wanted = _role_for(channel, None, drift.actual_status)
        if not wanted:
            raise ValidationError(
                _("Mark a role “%(status)s” first.")
                % {"status": TwitchStatus(drift.actual_status).label}
            )
        roles += wanted
    # Resolved first: the team change below clears the person's open differences.
    _resolved(drift, actor, DriftState.ADOPTED, TwitchAction.DRIFT_ADOPTED)
    # The portal now expects what Twitch has: the change this queues only confirms it.
    membership_set_roles(membership=membership, roles=roles, actor=actor)
