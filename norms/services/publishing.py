"""Publishing the draft as a new immutable, numbered version."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability, Channel, Membership
from channels.services import audit_record
from channels.services.guards import require_manager
from portal.text import clean_text

from ..audit import NormsAction
from ..models import SUMMARY_MAX, Acknowledgement, DraftNorm, NormComment, NormSet, NormVersion
from ..stamps import stamp_set


def norm_set_locked(channel: Channel) -> NormSet:
    """The channel's NormSet, created on first use, locked for the rest of the transaction so
    two publishers never take the same number."""
    NormSet.objects.get_or_create(channel=channel)
    return NormSet.objects.select_for_update().get(channel=channel)


@transaction.atomic
def norms_publish(*, channel: Channel, actor, summary: str, is_material: bool) -> NormVersion:
    """The draft becomes version N+1, with a change summary. A material change asks every
    member to acknowledge it (they are notified); a wording-only change carries earlier
    acknowledgements over. The first version is always material. The publisher, who wrote it,
    has acknowledged it. The draft's open comments go with this version. The event
    `norms.published` is recorded with `previous` as a subject: its subscribers (the members'
    notification, debriefs taking up their proposals) run inside this transaction."""
    require_manager(channel, actor, Capability.MANAGE_NORMS)
    summary = clean_text(summary, field="summary", limit=SUMMARY_MAX)
    if not summary:
        raise ValidationError({"summary": _("Say in a sentence what changed and why.")})
    norm_set = norm_set_locked(channel)
    drafts = list(DraftNorm.objects.for_channel(channel))
    norms = [norm.snapshot() for norm in drafts]
    if not norms:
        raise ValidationError(_("Add at least one norm to the draft before publishing."))
    previous = norm_set.current_version
    if previous is not None and previous.norms == norms:
        raise ValidationError(
            _("The draft is the same as version %(number)s: change something before publishing.")
            % {"number": previous.number}
        )
    if previous is None:
        is_material = True
    now = timezone.now()
    version = NormVersion.objects.create(
        channel=channel,
        number=norm_set.current_number + 1,
        summary=summary,
        is_material=bool(is_material),
        norms=norms,
        norm_ids=[norm.pk for norm in drafts],
        published_by=actor,
        published_by_name=actor.username,
        published_at=now,
    )
    NormSet.objects.filter(pk=norm_set.pk).update(
        current_version=version, current_number=version.number, current_published_at=now
    )
    stamp = (version.pk, version.number, now)
    transaction.on_commit(lambda: stamp_set(channel.slug, stamp))
    NormComment.objects.for_channel(channel).filter(version__isnull=True).update(version=version)
    members = Membership.objects.for_channel(channel)
    carried = []
    if not version.is_material:
        member_ids = set(members.values_list("user_id", flat=True))
        carried = [
            Acknowledgement(
                channel=channel,
                version=version,
                user_id=ack.user_id,
                carried_over=True,
                acknowledged_at=ack.acknowledged_at,
            )
            for ack in Acknowledgement.objects.for_channel(channel).filter(version=previous)
            if ack.user_id in member_ids and ack.user_id != actor.pk
        ]
    Acknowledgement.objects.bulk_create(
        [
            *carried,
            Acknowledgement(channel=channel, version=version, user=actor, acknowledged_at=now),
        ]
    )
    audit_record(
        channel=channel,
        actor=actor,
        action=NormsAction.PUBLISHED,
        target=version,
        before={"version": previous.number if previous else None},
        after={
            "version": version.number,
            "summary": summary,
            "material": version.is_material,
            "norms": len(norms),
            "acknowledgements_carried_over": len(carried),
        },
        subjects={"previous": previous},
    )
    return version
