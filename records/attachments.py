"""Credentials used in recruitment: an applicant attaches some of their own issued
credentials to an application (the apply form's part, records/plugin.py), and the channel's
reviewers see each one verified again whenever the application is shown: a revoked or
tampered one is flagged, never shown as verified."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from channels.services import audit_record
from channels.services.guards import require_signed_in
from moderators.models import ENDED_STATES, Application

from . import credentials, verification
from .audit import RecordsAction
from .models import AttachedCredential, IssuedCredential

ATTACH_MAX = 5  # credentials on one application


def attachable_for(user) -> list[IssuedCredential]:
    """The person's credentials they may attach: issued, not revoked."""
    return list(IssuedCredential.objects.filter(user=user, revoked_at__isnull=True))


@transaction.atomic
def credential_attach(*, application: Application, credential: IssuedCredential, actor):
    """The applicant attaches one of their own, unrevoked credentials to their application
    while it is still open; attaching it twice is harmless."""
    require_signed_in(actor)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("channel")
        .get(pk=application.pk)
    )
    if application.applicant_id != actor.pk or credential.user_id != actor.pk:
        raise PermissionDenied(_("Only the applicant attaches their own credentials."))
    if application.state in ENDED_STATES:
        raise ValidationError(_("This application is closed: nothing more can be attached."))
    if credential.revoked_at is not None:
        raise ValidationError(_("A revoked credential can't be attached."))
    found = AttachedCredential.objects.filter(application=application, credential=credential)
    if found.exists():
        return found.get()
    if AttachedCredential.objects.filter(application=application).count() >= ATTACH_MAX:
        raise ValidationError(
            _("Attach at most %(count)d credentials to an application.") % {"count": ATTACH_MAX}
        )
    attached = AttachedCredential.objects.create(
        channel_id=application.channel_id,
        application=application,
        credential=credential,
        token=credentials.credential_jwt(credential),
    )
    audit_record(
        channel=application.channel,
        actor=actor,
        action=RecordsAction.CREDENTIAL_ATTACHED,
        target=application,
        after={"credential": credential.name},
    )
    return attached


def attached_verified(application: Application) -> list[tuple[AttachedCredential, object]]:
    """Each credential on the application with its verification, done now."""
    rows = AttachedCredential.objects.for_channel(application.channel).filter(
        application=application
    )
    return [(row, verification.verify_token(row.token)) for row in rows]
