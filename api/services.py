"""Creating, revoking and checking read-API tokens. Only the channel's owner manages them."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Channel
from channels.services import audit_record
from channels.services.guards import require_owner
from portal.text import clean_text

from .audit import ApiAction
from .models import NAME_MAX, ApiToken, Scope

TOKEN_PREFIX = "mpt_"
MAX_TOKENS = 50  # per channel, active or not: a runaway script cannot fill the table
MAX_DAYS = 3650
# last_used_at is written at most once a minute per token, not on every request.
USE_GRANULARITY = timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _check_owner(*, channel: Channel, actor) -> None:
    require_owner(channel, actor)  # signed in and active, too
    if channel.is_read_only:
        raise PermissionDenied


def token_create(
    *, channel: Channel, actor, name: str, scopes, expires_on=None
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is returned here once and never stored."""
    _check_owner(channel=channel, actor=actor)
    name = clean_text(name, field="name", limit=NAME_MAX, required=_("Give the token a name."))
    scopes = sorted({str(s) for s in scopes or ()})
    if not scopes or any(s not in Scope.values for s in scopes):
        raise ValidationError({"scopes": _("Choose at least one of the offered scopes.")})
    expires_at = None
    if expires_on is not None:
        today = timezone.localdate()
        if expires_on <= today or expires_on > today + timedelta(days=MAX_DAYS):
            raise ValidationError(
                {"expires_on": _("Pick an expiry date after today and within ten years.")}
            )
        expires_at = timezone.make_aware(
            timezone.datetime.combine(expires_on, timezone.datetime.min.time())
        )
    with transaction.atomic():
        if ApiToken.objects.for_channel(channel).count() >= MAX_TOKENS:
            raise ValidationError(_("This channel has too many tokens: delete unused ones first."))
        prefix = secrets.token_hex(6)
        raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            channel=channel,
            name=name,
            prefix=prefix,
            digest=_digest(raw),
            scopes=scopes,
            expires_at=expires_at,
            created_by=actor,
        )
        audit_record(
            channel=channel,
            actor=actor,
            action=ApiAction.TOKEN_CREATED,
            target=token,
            after={"name": name, "scopes": scopes},
        )
    return token, raw


def token_revoke(*, channel: Channel, actor, pk: int) -> ApiToken:
    _check_owner(channel=channel, actor=actor)
    with transaction.atomic():
        token = ApiToken.objects.for_channel(channel).select_for_update().filter(pk=pk).first()
        if token is None:
            raise ApiToken.DoesNotExist
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                channel=channel,
                actor=actor,
                action=ApiAction.TOKEN_REVOKED,
                target=token,
                before={"name": token.name, "scopes": token.scopes},
            )
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token this secret belongs to, or None (unknown, revoked or expired)."""
    if not raw or len(raw) > 200 or not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, _rest = raw[len(TOKEN_PREFIX) :].partition("_")
    token = ApiToken.objects.select_related("channel").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    if not token.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
