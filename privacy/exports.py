"""Building the archives (a worker runs this): a person's, or a channel's final one."""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Channel
from portal import personal_data
from portal.notifications import emails
from portal.notifications.services import notify

from .audit import EXPORT_READY
from .models import (
    DataExport,
    ExportKind,
    ExportState,
)


def _readme(title: str, sections: list[tuple[str, str, int]]) -> str:
    lines = [f"# {title}", "", _("Made on %(date)s.") % {"date": timezone.now().isoformat()}, ""]
    lines.append(
        _(
            "Each file is JSON: a list of records. Reviewer notes and votes about you are listed "
            "as existing, with their dates; their text belongs to the team that wrote them."
        )
    )
    lines.append("")
    for filename, description, count in sections:
        lines.append(f"- `{filename}` ({count}): {description}")
    lines.append("")
    lines.append(
        _("This archive is deleted %(days)s days after it was made.")
        % {"days": settings.PRIVACY_EXPORT_DAYS}
    )
    return "\n".join(lines) + "\n"


def person_archive(user, *, progress=None) -> bytes:
    """The zip of one person's data: one JSON file per kind, and README.md."""
    entries = list(personal_data.registry)
    files: dict[str, list] = {}
    descriptions: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        files.setdefault(entry.kind, []).extend(entry.export(user))
        descriptions.setdefault(entry.kind, str(entry.description))
        if progress is not None:
            progress(int(90 * number / len(entries)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        sections = []
        for kind in sorted(files):
            name = f"{kind}.json"
            archive.writestr(name, json.dumps(files[kind], indent=2, ensure_ascii=False))
            sections.append((name, descriptions[kind], len(files[kind])))
        archive.writestr("README.md", _readme(_("Your data"), sections))
    return buffer.getvalue()


def channel_models():
    """Every model with a `channel` key to Channel: what a channel's archive holds."""
    found = []
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "channel"), None)
        if field is not None and field.related_model is Channel:
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def channel_archive(slug: str) -> bytes:
    channel = Channel.objects.get(slug=slug)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        rows = serializers.serialize("python", [channel])
        archive.writestr("channel.json", json.dumps(rows, cls=DjangoJSONEncoder, indent=2))
        sections = [("channel.json", _("The channel's settings."), 1)]
        for model in channel_models():
            found = list(model._default_manager.filter(channel=channel).order_by("pk"))
            name = f"{model._meta.label_lower}.json"
            data = serializers.serialize("python", found)
            archive.writestr(name, json.dumps(data, cls=DjangoJSONEncoder, indent=2))
            sections.append((name, str(model._meta.verbose_name_plural), len(found)))
        archive.writestr("README.md", _readme(_("Channel %(slug)s") % {"slug": slug}, sections))
    return buffer.getvalue()


def export_build(*, export_id: int) -> DataExport | None:
    """Build the archive (a worker runs this). Claims the row first, so running twice builds
    once; the person is told, by the inbox and email, where to download it."""
    claimed = DataExport.objects.filter(pk=export_id, state=ExportState.PENDING).update(
        state=ExportState.BUILDING, progress=1
    )
    if not claimed:
        return None
    export = DataExport.objects.select_related("user").get(pk=export_id)

    def progress(percent):
        DataExport.objects.filter(pk=export_id).update(progress=max(1, percent))

    try:
        if export.kind == ExportKind.CHANNEL:
            content = channel_archive(export.channel_slug)
        else:
            content = person_archive(export.user, progress=progress)
    except Exception as error:
        DataExport.objects.filter(pk=export_id).update(
            state=ExportState.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        raise
    name = f"export-{export.pk}-{secrets.token_hex(12)}.zip"
    export.file.save(name, ContentFile(content), save=False)
    now = timezone.now()
    export.size = len(content)
    export.state, export.progress = ExportState.READY, 100
    export.finished_at = now
    export.expires_at = now + timedelta(days=settings.PRIVACY_EXPORT_DAYS)
    with transaction.atomic():
        export.save()
        notify(
            event=EXPORT_READY,
            recipients=[export.user],
            context={
                "url": emails.absolute(reverse("privacy:home")),
                "days": settings.PRIVACY_EXPORT_DAYS,
            },
        )
    return export
