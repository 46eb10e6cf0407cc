"""Every change of the integrations app. Each service checks its actor itself."""

import base64
import re
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability
from channels.permissions import access_for
from channels.services.audit import audit_record
from channels.services.guards import require_signed_in

from . import catalogue, sending
from .audit import IntegrationsAction
from .delivery import new_webhook_id
from .models import LEVEL_RANK, ChannelEvent, Delivery, Endpoint, EndpointKind, Level
from .tasks import enqueue

ROTATION_OVERLAP = timedelta(hours=24)
MAX_ENDPOINTS = 20


def _check(channel, actor, *owned):
    """The actor (signed in, active) manages this channel's integrations, and every endpoint
    or delivery they act on is this channel's: another channel's owner passing their own
    channel with our webhook is refused."""
    require_signed_in(actor)
    if channel.is_read_only:
        raise PermissionDenied(_("This channel is read-only."))
    if not access_for(channel=channel, user=actor).can(Capability.MANAGE_INTEGRATIONS):
        raise PermissionDenied(_("You can't manage this channel's integrations."))
    if any(row.channel_id != channel.pk for row in owned):
        raise PermissionDenied(_("You can't manage this channel's integrations."))


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def check_url(kind: str, url: str) -> None:
    """What can be told when the form is sent; the address is checked again at each send."""
    url = (url or "").strip()
    if kind == EndpointKind.DISCORD and not (
        url.startswith("https://discord.com/api/webhooks/")
        or url.startswith("https://discordapp.com/api/webhooks/")
        or sending_allows_local()
    ):
        raise ValidationError(
            {"url": _("A Discord webhook address starts with https://discord.com/api/webhooks/.")}
        )
    try:
        sending.resolve(url)
    except sending.Refused:
        raise ValidationError(
            {"url": _("Use a public https address: the portal doesn't send to private networks.")}
        ) from None


def sending_allows_local() -> bool:
    from django.conf import settings

    return settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS


def _clean_events(level, events) -> list[str]:
    allowed = {event.name for event in catalogue.offered(level)}
    events = list(dict.fromkeys(events or ()))
    if not events:
        raise ValidationError({"events": _("Pick at least one event.")})
    if any(name not in allowed for name in events):
        raise ValidationError({"events": _("Pick events from the list.")})
    return events


def _clean_mention(kind, mention_role) -> str:
    mention_role = (mention_role or "").strip()
    if mention_role and kind != EndpointKind.DISCORD:
        raise ValidationError({"mention_role": _("Only a Discord webhook can ping a role.")})
    if mention_role and not re.fullmatch(r"[0-9]{17,20}", mention_role):
        raise ValidationError({"mention_role": _("A Discord role ID is 17 to 20 digits.")})
    return mention_role


def endpoint_create(*, channel, actor, name, kind, url, level, events, mention_role=""):
    """Returns (endpoint, secret): the secret is shown once and never again."""
    _check(channel, actor)
    if kind not in EndpointKind.values or level not in Level.values:
        raise ValidationError(_("Pick a kind and a level from the list."))
    check_url(kind, url)
    events = _clean_events(level, events)
    mention_role = _clean_mention(kind, mention_role)
    with transaction.atomic():
        if Endpoint.objects.for_channel(channel).count() >= MAX_ENDPOINTS:
            raise ValidationError(_("A channel can have at most 20 webhooks."))
        secret = new_secret() if kind == EndpointKind.SIGNED else ""
        endpoint = Endpoint.objects.create(
            channel=channel,
            name=name.strip()[:80],
            kind=kind,
            url=url.strip(),
            level=level,
            events=events,
            mention_role=mention_role,
            secret=secret,
            created_by=actor,
        )
        audit_record(
            channel=channel,
            actor=actor,
            action=IntegrationsAction.ENDPOINT_ADDED,
            target=endpoint,
            after={"name": endpoint.name, "kind": kind, "events": events},
        )
    return endpoint, secret


def endpoint_update(
    *, channel, actor, endpoint, name, level, events, is_enabled, mention_role=None
):
    """`mention_role` None keeps the endpoint's; "" stops the pings."""
    _check(channel, actor, endpoint)
    if level not in Level.values:
        raise ValidationError(_("Pick a level from the list."))
    events = _clean_events(level, events)
    if mention_role is not None:
        mention_role = _clean_mention(endpoint.kind, mention_role)
    with transaction.atomic():
        endpoint.name = name.strip()[:80]
        endpoint.level, endpoint.events = level, events
        if mention_role is not None:
            endpoint.mention_role = mention_role
        if is_enabled and not endpoint.is_enabled:
            endpoint.failing_since, endpoint.disabled_reason = None, ""
        endpoint.is_enabled = bool(is_enabled)
        endpoint.save()
        audit_record(
            channel=channel,
            actor=actor,
            action=IntegrationsAction.ENDPOINT_CHANGED,
            target=endpoint,
            after={
                "name": endpoint.name,
                "events": events,
                "enabled": endpoint.is_enabled,
                "mention_role": endpoint.mention_role,
            },
        )
    return endpoint


def endpoint_rotate_secret(*, channel, actor, endpoint) -> str:
    """A new secret; the old one still signs for ROTATION_OVERLAP, so receivers can switch."""
    _check(channel, actor, endpoint)
    if endpoint.kind != EndpointKind.SIGNED:
        raise ValidationError(_("Only signed endpoints have a secret."))
    with transaction.atomic():
        secret = new_secret()
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_until = timezone.now() + ROTATION_OVERLAP
        endpoint.secret = secret
        endpoint.save()
        audit_record(
            channel=channel,
            actor=actor,
            action=IntegrationsAction.SECRET_ROTATED,
            target=endpoint,
        )
    return secret


def endpoint_delete(*, channel, actor, endpoint) -> None:
    _check(channel, actor, endpoint)
    with transaction.atomic():
        audit_record(
            channel=channel,
            actor=actor,
            action=IntegrationsAction.ENDPOINT_REMOVED,
            target=endpoint,
            before={"name": endpoint.name},
        )
        endpoint.delete()


def send_test(*, channel, actor, endpoint) -> Delivery:
    _check(channel, actor, endpoint)
    now = timezone.now()
    with transaction.atomic():
        row = Delivery.objects.create(
            channel=channel,
            endpoint=endpoint,
            event=None,
            is_test=True,
            webhook_id=new_webhook_id(),
            next_attempt_at=now,
            created_at=now,
        )
        enqueue([row.pk])
    return row


def resend(*, channel, actor, delivery) -> Delivery:
    """Send a delivery again, with the same webhook-id (receivers can tell it is the same)."""
    _check(channel, actor, delivery)
    if not delivery.endpoint.is_enabled:
        raise ValidationError(_("Turn the webhook on before sending again."))
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state="pending", next_attempt_at=now, created_at=now, locked_until=None
        )
        enqueue([delivery.pk])
    delivery.refresh_from_db()
    return delivery


# --- the subscriber: every offered event, inside its transaction -------------------------------


def record_event(occurrence) -> None:
    """Log an offered event and write one outbox row per endpoint that wants it."""
    level = catalogue.OFFERED.get(occurrence.name)
    if level is None or occurrence.channel is None:
        return
    channel = occurrence.channel
    now = timezone.now()
    event = ChannelEvent.objects.create(
        channel=channel,
        kind=occurrence.name,
        level=level,
        payload=catalogue.payload_for(occurrence),
        occurred_at=getattr(occurrence.record, "created_at", None) or now,
    )
    wanting = [
        endpoint
        for endpoint in Endpoint.objects.for_channel(channel).filter(is_enabled=True)
        if occurrence.name in endpoint.events and LEVEL_RANK[level] <= LEVEL_RANK[endpoint.level]
    ]
    rows = Delivery.objects.bulk_create(
        Delivery(
            channel=channel,
            endpoint=endpoint,
            event=event,
            webhook_id=new_webhook_id(),
            next_attempt_at=now,
            created_at=now,
        )
        for endpoint in wanting
    )
    enqueue([row.pk for row in rows])
