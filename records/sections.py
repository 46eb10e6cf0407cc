"""The parts records add to an application (moderators.extensions, registered from
records/plugin.py): the applicant's credentials to attach on the apply form, and beside the
answers on the review page each attached credential verified again."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import attachments
from .models import IssuedCredential

FIELD = "records_credential"


def apply_context(request, opening) -> dict:
    if not request.user.is_authenticated:
        return {}
    chosen = request.POST.getlist(FIELD) if request.method == "POST" else []
    return {
        "credentials": attachments.attachable_for(request.user),
        "chosen": chosen,
        "field": FIELD,
    }


def submitted(request, application) -> None:
    values = request.POST.getlist(FIELD)
    if not values:
        return
    if len(values) > attachments.ATTACH_MAX:
        raise ValidationError(
            _("Attach at most %(count)d credentials to an application.")
            % {"count": attachments.ATTACH_MAX}
        )
    for value in dict.fromkeys(values):
        if not value.isdigit() or len(value) > 18:
            raise ValidationError(_("Choose among your own credentials."))
        credential = IssuedCredential.objects.filter(pk=int(value), user=request.user).first()
        if credential is None:
            raise ValidationError(_("Choose among your own credentials."))
        attachments.credential_attach(
            application=application, credential=credential, actor=request.user
        )


def review_context(request, application) -> dict:
    rows = attachments.attached_verified(application)
    return {"attached": rows} if rows else {}
