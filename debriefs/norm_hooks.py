"""How debriefs plug into norms (norms.hooks), registered from DebriefsConfig.ready(): a
published version takes up the pending norm changes it makes, and a version's page (and the
publish page, for the draft) links the debriefs that proposed them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channels.services import audit_record
from norms.hooks import register_norm_link, register_publish_hook, register_version_links
from norms.models import NormVersion
from portal.notifications.services import notify

from .audit import DebriefsAction
from .models import NormChange


def _by_norm(version: NormVersion | None) -> dict:
    if version is None:
        return {}
    ids = version.norm_ids if len(version.norm_ids) == len(version.norms) else []
    return dict(zip(ids, version.norms, strict=False))


def debriefs_on_norms_published(*, version: NormVersion, previous, actor) -> list[NormChange]:
    """Run by norms_publish inside its transaction (norms.hooks): pending proposals whose norm
    this version changes or removes are linked to it, and their authors told."""
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


def register_norm_hooks() -> None:
    register_publish_hook(debriefs_on_norms_published)
    register_version_links(debrief_links)
    register_norm_link(label=gettext_lazy("Debriefs about this norm"), url_name="debriefs:norm")
