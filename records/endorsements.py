"""Endorsements: the owner or a team manager writes one about someone with a service record in
the channel; it shows on the person's profile only once they accept it. Every write audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability
from channels.permissions import access_for
from channels.services import audit_record
from channels.services.guards import require_manager, require_signed_in
from portal.ratelimits import over_limit

from .audit import RecordsAction
from .models import Endorsement, ServiceRecord

BODY_MAX = 1000
ENDORSEMENTS_PER_HOUR = 10


def _clean_body(body) -> str:
    body = (body or "").strip() if isinstance(body, str) else ""
    if "\x00" in body:
        raise ValidationError(_("The endorsement contains characters that can't be saved."))
    if not body:
        raise ValidationError(_("Write the endorsement first."))
    if len(body) > BODY_MAX:
        raise ValidationError(
            _("Keep the endorsement to %(limit)s characters.") % {"limit": BODY_MAX}
        )
    return body


@transaction.atomic
def endorsement_write(*, record: ServiceRecord, actor, body: str) -> Endorsement:
    channel = record.channel
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    if record.user_id == actor.pk:
        raise ValidationError(_("You can't endorse yourself."))
    body = _clean_body(body)
    if over_limit(group="records.endorse", key=str(actor.pk), rate=f"{ENDORSEMENTS_PER_HOUR}/h"):
        raise ValidationError(_("You've written many endorsements in the last hour. Please wait."))
    endorsement = Endorsement.objects.create(
        channel=channel,
        record=record,
        subject_id=record.user_id,
        author=actor,
        author_name=actor.username,
        body=body,
    )
    audit_record(
        channel=channel,
        actor=actor,
        action=RecordsAction.ENDORSED,
        target=endorsement,
        after={"subject": record.user.username},
    )
    return endorsement


@transaction.atomic
def endorsement_accept(*, endorsement: Endorsement, actor) -> Endorsement:
    require_signed_in(actor)
    if endorsement.subject_id != actor.pk:
        raise PermissionDenied(_("Only the person endorsed accepts an endorsement."))
    if endorsement.accepted_at is None:
        endorsement.accepted_at = timezone.now()
        endorsement.save(update_fields=["accepted_at"])
        audit_record(
            channel=endorsement.channel,
            actor=actor,
            action=RecordsAction.ENDORSEMENT_ACCEPTED,
            target=endorsement,
            after={"subject": actor.username},
        )
    return endorsement


@transaction.atomic
def endorsement_remove(*, endorsement: Endorsement, actor) -> None:
    """The person endorsed, its author, or a team manager of the channel removes it."""
    require_signed_in(actor)
    allowed = endorsement.subject_id == actor.pk or endorsement.author_id == actor.pk
    if not allowed:
        allowed = access_for(channel=endorsement.channel, user=actor).can(Capability.MANAGE_TEAM)
    if not allowed:
        raise PermissionDenied(_("You can't remove this endorsement."))
    audit_record(
        channel=endorsement.channel,
        actor=actor,
        action=RecordsAction.ENDORSEMENT_REMOVED,
        target=endorsement,
        after={"subject": endorsement.subject.username},
    )
    endorsement.delete()
