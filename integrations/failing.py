"""Turning off an endpoint that kept failing, and telling the team (the system acts)."""

from django.db import transaction

from channels.models import Capability
from channels.selectors import capability_holders
from channels.services.audit import audit_record
from portal.notifications.services import notify

from .audit import IntegrationsAction
from .models import Endpoint


def endpoint_disable_failing(endpoint) -> None:
    """The system turns off an endpoint that failed for days, and tells the team."""
    with transaction.atomic():
        changed = Endpoint.objects.filter(pk=endpoint.pk, is_enabled=True).update(
            is_enabled=False, disabled_reason="failing"
        )
        if not changed:
            return
        channel = endpoint.channel
        audit_record(
            channel=channel,
            actor=None,
            action=IntegrationsAction.ENDPOINT_DISABLED,
            target=endpoint,
            after={"name": endpoint.name},
        )
        holders = capability_holders(capability=Capability.MANAGE_INTEGRATIONS, channel=channel)
        notify(
            event="integrations.endpoint_disabled",
            recipients=[m.user for m in holders.select_related("user")],
            channel=channel,
            target=endpoint,
            context={"channel_name": channel.name, "name": endpoint.name},
        )
