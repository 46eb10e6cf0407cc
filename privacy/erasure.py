"""Carrying out an account erasure or a channel deletion (the beat task, or staff now)."""

from __future__ import annotations

import json
import re
import secrets

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Channel, Membership
from channels.services import membership_leave
from portal import events, personal_data

from .audit import ACCOUNT_ERASED, staff_log
from .guards import ERASE_PERMISSION, require_self_or_staff
from .models import (
    AccountDeletion,
    ChannelDeletion,
    DeletionState,
)
from .twitch_revoke import revoke_social_tokens


def owned_channels(user) -> list[Channel]:
    return list(
        Channel.objects.filter(
            pk__in=Membership.objects.filter(user=user, is_owner=True).values("channel_id")
        ).order_by("name")
    )


def refuse_owner(user) -> None:
    owned = owned_channels(user)
    if owned:
        raise ValidationError(
            _("Transfer or delete the channels you own first: %(channels)s.")
            % {"channels": ", ".join(c.name for c in owned)}
        )


def new_pseudonym() -> str:
    return f"former-member-{secrets.token_hex(5)}"


def _whole_word(names: list[str]) -> re.Pattern | None:
    names = sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w.@+-])(?:{alternatives})(?![\w@+-])", re.IGNORECASE)


def _scrub_value(value, pattern: re.Pattern, replacement: str):
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, (dict, list)):
        text = json.dumps(value)
        return json.loads(pattern.sub(replacement, text))
    return value


def _scrub_mentions(entry, names: list[str], pattern: re.Pattern, replacement: str) -> None:
    model = entry.model_class()
    for column in entry.mentions:
        field = model._meta.get_field(column)
        lookup = column
        qs = model._base_manager.all()
        if isinstance(field, models.JSONField):
            qs = qs.annotate(_as_text=Cast(column, models.TextField()))
            lookup = "_as_text"
        wanted = Q(pk__in=[])
        for name in names:
            wanted |= Q(**{f"{lookup}__icontains": name})
        for row in qs.filter(wanted).iterator(chunk_size=500):
            new = _scrub_value(getattr(row, column), pattern, replacement)
            model._base_manager.filter(pk=row.pk).update(**{column: new})


def _delete_sessions(user) -> None:
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@transaction.atomic
def account_erase(*, user, actor=None) -> AccountDeletion:
    """Erase the account: a scheduled deletion whose grace period is over (actor None: the
    beat task), the person themself, or staff with the permission (a request by email)."""
    if actor is not None:
        # The actor first: nothing about the account is read for someone who may not act.
        require_self_or_staff(user, actor, ERASE_PERMISSION)
    deletion = AccountDeletion.objects.select_for_update().filter(user=user).first()
    if actor is None:
        if deletion is None or deletion.state != DeletionState.PENDING:
            raise PermissionDenied("No scheduled deletion for this account.")
        if deletion.due_at > timezone.now():
            raise PermissionDenied("The grace period of this deletion is not over.")
    if deletion is not None and deletion.state == DeletionState.DONE:
        return deletion
    refuse_owner(user)
    if deletion is None:
        deletion = AccountDeletion.objects.create(
            user=user,
            state=DeletionState.PENDING,
            pseudonym=new_pseudonym(),
            due_at=timezone.now(),
            requested_by=actor,
        )
    pseudonym = deletion.pseudonym
    names = [user.username, user.display_name, user.email, user.get_full_name()]
    names += list(user.emailaddress_set.values_list("email", flat=True))
    names = [n for n in names if n]

    revoke_social_tokens(user)
    # Leaving each team through its service: audited, and the Twitch outbox removes the roles.
    for membership in Membership.objects.filter(user=user).select_related("channel"):
        membership_leave(membership=membership, actor=user)

    for entry in personal_data.registry:
        if entry.field is None and entry.select is None:
            continue
        if entry.erase == personal_data.Erase.DELETE:
            entry.queryset(user).delete()
            continue
        if entry.field is None:
            continue
        # The base manager: the one rewrite the append-only audit log allows is this
        # pseudonymisation (the right to erasure), done here and nowhere else.
        rows = entry.model_class()._base_manager.filter(**{entry.field: user})
        label = pseudonym if entry.names_get_pseudonym else personal_data.FORMER_MEMBER
        changes = dict.fromkeys(entry.names, label)
        if entry.erase == personal_data.Erase.DETACH:
            changes[entry.field] = None
        if changes:
            rows.update(**changes)
    pattern = _whole_word(names)
    if pattern is not None:
        for entry in personal_data.registry:
            if entry.mentions:
                _scrub_mentions(entry, names, pattern, pseudonym)

    _delete_sessions(user)
    user.username = pseudonym
    user.email = ""
    user.first_name = user.last_name = ""
    user.display_name = personal_data.FORMER_MEMBER
    user.language, user.time_zone = "", "UTC"
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    deletion.state, deletion.finished_at = DeletionState.DONE, timezone.now()
    if actor is not None:
        deletion.requested_by = actor if actor.pk != user.pk else None
    deletion.save()
    # After the scrub above (which also rewrote earlier admin-log entries naming the person).
    staff_log(
        actor=actor, user=user, message="Account erased by staff for the person.", label=pseudonym
    )
    # Published, not audited (the person is gone): the directory and profiles render afresh.
    events.publish(
        events.Occurrence(
            event=events.get(ACCOUNT_ERASED), channel=None, actor=None, target=user, after={}
        )
    )
    return deletion


def erase_due() -> int:
    """The beat task: erase every account whose grace period is over."""
    done = 0
    due = AccountDeletion.objects.filter(state=DeletionState.PENDING, due_at__lte=timezone.now())
    for deletion in due.select_related("user")[:100]:
        try:
            account_erase(user=deletion.user, actor=None)
        except ValidationError:
            # Became an owner during the grace period: the deletion waits for the handover.
            continue
        done += 1
    return done


def channel_delete_due() -> int:
    """The beat task: delete every channel whose grace period is over (with every row it owns,
    by cascade)."""
    done = 0
    due = ChannelDeletion.objects.filter(state=DeletionState.PENDING, due_at__lte=timezone.now())
    for deletion in due.select_related("channel")[:20]:
        with transaction.atomic():
            channel = deletion.channel
            deletion.state, deletion.finished_at = DeletionState.DONE, timezone.now()
            deletion.channel = None
            deletion.save()
            if channel is not None:
                channel.delete()
        done += 1
    return done
