"""Required training left unfinished: the scheduled check that records `training.overdue`."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from channels.models import Channel, Membership
from channels.services import audit_record

from ..audit import ResourceAction
from ..models import ResourceRole, TrainingOverdue
from ..selectors import team_completion


@transaction.atomic
def training_overdue_find(*, now=None) -> int:
    """Scheduled (Celery beat): record `training.overdue` for each member whose required
    training is unfinished TRAINING_DUE_DAYS after they joined, once per membership (the
    TrainingOverdue row marks it, so the next run records nothing again). Not an actor's
    action. Returns how many were found; a few queries per channel with required training."""
    now = now or timezone.now()
    joined_before = now - timedelta(days=settings.TRAINING_DUE_DAYS)
    channel_ids = set(
        ResourceRole.objects.filter(required=True).values_list("channel_id", flat=True)
    )
    found = 0
    for channel in Channel.objects.filter(pk__in=channel_ids).order_by("pk"):
        if channel.is_read_only:
            continue
        members = list(
            Membership.objects.for_channel(channel)
            .select_for_update(skip_locked=True, of=("self",))
            .filter(is_owner=False, joined_at__lte=joined_before)
            .exclude(pk__in=TrainingOverdue.objects.filter(channel=channel).values("membership"))
            .select_related("user")
            .order_by("pk")
        )
        progress = team_completion(channel, members)
        for member in members:
            done, required = progress.get(member.pk, (0, 0))
            if done >= required:
                continue
            TrainingOverdue.objects.create(
                channel=channel, membership=member, found_at=now, outstanding=required - done
            )
            audit_record(
                channel=channel,
                actor=None,
                action=ResourceAction.TRAINING_OVERDUE,
                target=member,
                after={
                    "outstanding": required - done,
                    "required": required,
                    "due_on": (member.joined_at + timedelta(days=settings.TRAINING_DUE_DAYS))
                    .date()
                    .isoformat(),
                },
            )
            found += 1
    return found
