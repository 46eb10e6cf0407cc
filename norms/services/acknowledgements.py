"""Members acknowledging the current version; reminders; the welcome to new members."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Channel, Membership
from channels.permissions import access_for
from channels.services import audit_record
from channels.services.guards import require_signed_in
from portal.notifications.services import notify

from ..audit import NormsAction
from ..models import Acknowledgement, NormSet, NormVersion


@transaction.atomic
def norms_acknowledge(*, channel: Channel, actor, number: int) -> Acknowledgement:
    """A member acknowledges the channel's current version, for themself. `number` is the
    version they read: an older one is refused, so nobody acknowledges what they didn't see.
    Acknowledging twice changes nothing. Works on a read-only channel too: reading the rules
    is never blocked."""
    require_signed_in(actor)
    if not access_for(channel=channel, user=actor).is_member:
        raise PermissionDenied("Only members of the team acknowledge its norms.")
    norm_set = NormSet.objects.filter(channel=channel).select_related("current_version").first()
    version = norm_set.current_version if norm_set else None
    if version is None:
        raise ValidationError(_("This channel has not published norms yet."))
    if number != version.number:
        raise ValidationError(
            _("Version %(number)s is current now: read it, then acknowledge it.")
            % {"number": version.number}
        )
    ack, created = Acknowledgement.objects.get_or_create(
        channel=channel,
        version=version,
        user=actor,
        defaults={"acknowledged_at": timezone.now()},
    )
    if created:
        audit_record(
            channel=channel,
            actor=actor,
            action=NormsAction.ACKNOWLEDGED,
            target=version,
            after={"version": version.number},
        )
    return ack


def unacknowledged_members(version: NormVersion):
    """Members of the version's channel who have not acknowledged it: one query."""
    return (
        Membership.objects.for_channel(version.channel_id)
        .exclude(user__norm_acks__version=version)
        .select_related("user")
    )


@transaction.atomic
def norms_send_reminders(*, now=None) -> int:
    """Scheduled (Celery beat): once per version, NORMS_REMINDER_DAYS after it was published,
    remind the members who have not acknowledged it. Returns how many were reminded."""
    now = now or timezone.now()
    due = now - timedelta(days=settings.NORMS_REMINDER_DAYS)
    sets = (
        NormSet.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(current_version__isnull=False, current_published_at__lte=due)
        .exclude(reminded_number__gte=F("current_number"))
        .select_related("current_version", "channel")
    )
    reminded = 0
    for norm_set in sets:
        version = norm_set.current_version
        version.channel = norm_set.channel
        members = list(unacknowledged_members(version))
        NormSet.objects.filter(pk=norm_set.pk).update(reminded_number=version.number)
        if not members or norm_set.channel.is_read_only:
            continue
        notify(
            event="norms.reminder",
            recipients=[m.user for m in members],
            channel=norm_set.channel,
            target=version,
            context={"channel_name": norm_set.channel.name, "number": version.number},
        )
        # The domain event (webhooks, the API's feed): a count, once per version, as the
        # reminder is (reminded_number above); who has not read them stays inside the portal.
        audit_record(
            channel=norm_set.channel,
            actor=None,
            action=NormsAction.ACKNOWLEDGEMENTS_OVERDUE,
            target=version,
            after={"version": version.number, "outstanding": len(members)},
        )
        reminded += len(members)
    return reminded


def norms_welcome(*, membership: Membership) -> None:
    """Part of joining: the new member is asked to read and acknowledge the current norms.
    Called inside the joining service's transaction (the `membership.joined` subscriber)."""
    norm_set = (
        NormSet.objects.filter(channel_id=membership.channel_id)
        .select_related("current_version")
        .first()
    )
    if norm_set is None or norm_set.current_version is None:
        return
    channel = membership.channel
    notify(
        event="norms.welcome",
        recipients=[membership.user],
        channel=channel,
        target=norm_set.current_version,
        context={"channel_name": channel.name, "number": norm_set.current_number},
    )
