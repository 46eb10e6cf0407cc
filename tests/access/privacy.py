"""URL × actor rows of the privacy app (issue 31)."""

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataExport, ExportState

from . import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, everyone, post_private, private, signed_in

ACTORS_WITH_OWN_EXPORT = "owner"


def _own_only():
    """The owner's own export: theirs to see; everyone else's 404."""
    return {**signed_in(NOT_FOUND), ACTORS_WITH_OWN_EXPORT: OK}


MATRIX = {
    "privacy:home": signed_in(OK),
    "privacy:export_request": everyone(NOT_ALLOWED),
    "privacy:export_status": _own_only(),
    "privacy:export_download": _own_only(),
    "privacy:account_delete": signed_in(OK),
    "privacy:channel_delete": private(owner_only=True),
    "privacy:channel_delete_cancel": everyone(NOT_ALLOWED),
}

POST_MATRIX = {
    "privacy:export_request": {**signed_in("done"), "anonymous": LOGIN},
    "privacy:channel_delete_cancel": post_private(owner_only=True),
}

NOT_HTML = {"privacy:export_download"}


def _ready_export(team) -> DataExport:
    export = DataExport.objects.create(
        user=team.owner,
        requested_by=team.owner,
        state=ExportState.READY,
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    export.file.save("matrix.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return export


def url(name, team):
    if not name.startswith("privacy:"):
        return None
    if name in ("privacy:export_status", "privacy:export_download"):
        return reverse(name, kwargs={"pk": _ready_export(team).pk})
    if name.startswith("privacy:channel_"):
        return reverse(name, kwargs={"slug": team.channel.slug})
    return reverse(name)
