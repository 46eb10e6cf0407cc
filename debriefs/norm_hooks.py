"""How debriefs follow norms, registered from debriefs/plugin.py: a published version (the
event `norms.published`) takes up the pending norm changes it makes, and a version's page (and
the publish page, for the draft) links the debriefs that proposed them (norms.hooks)."""

from django.utils.translation import gettext as _

from channels.services import audit_record
from norms.models import NormVersion
from portal.events import Occurrence
from portal.notifications.services import notify

from .audit import DebriefsAction
from .models import NormChange


def _by_norm(version: NormVersion | None) -> dict:
    if version is None:
        return {}
    ids = version.norm_ids if len(version.norm_ids) == len(version.norms) else []
    return dict(zip(ids, version.norms, strict=False))


def debriefs_on_norms_published(occurrence: Occurrence) -> list[NormChange]:
    """Subscriber of `norms.published`, inside norms_publish's transaction: pending proposals
    whose norm this version changes or removes are linked to it, and their authors told."""
    version, actor = occurrence.target, occurrence.actor
    previous = occurrence.subject("previous")
    old, new = _by_norm(previous), _by_norm(version)
    pending = list(
        NormChange.objects.for_channel(version.channel_id)
        .filter(version__isnull=True)
        .select_related("debrief__author")
    )
    done = [c for c in pending if c.norm_id is None or new.get(c.norm_id) != old.get(c.norm_id)]
    if not done:
        return []
    NormChange.objects.filter(pk__in=[c.pk for c in done]).update(version=version)
    channel = version.channel
    for debrief in {c.debrief_id: c.debrief for c in done}.values():
        audit_record(
            channel=channel,
            actor=actor,
            action=DebriefsAction.NORM_CHANGED,
            target=debrief,
            after={"version": version.number},
        )
        notify(
            event="debrief.norm_changed",
            recipients=[debrief.author] if debrief.author else [],
            channel=channel,
            actor=actor,
            target=debrief,
            context={
                "channel_name": channel.name,
                "title": debrief.title,
                "number": version.number,
            },
        )
    return done


def debrief_links(*, channel, version) -> list[tuple[str, str]]:
    """The debriefs whose proposals this version (None: the draft) takes up: one query."""
    changes = (
        NormChange.objects.for_channel(channel)
        .filter(version=version)
        .select_related("debrief__channel")
        .order_by("debrief_id", "id")
    )
    seen = {}
    for change in changes:
        label = _("Debrief “%(title)s” (norm “%(norm)s”)") % {
            "title": change.debrief.title,
            "norm": change.norm_title,
        }
        seen.setdefault(label, change.debrief.get_absolute_url())
    return list(seen.items())
