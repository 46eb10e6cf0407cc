"""Demo schedule for `manage.py seed_demo`, built through the services: Nova Streams streams
every Friday evening (two moderators, a lead among them) and on Tuesdays, with one charity
stream next week; its moderator covers Fridays every week, its trainee holds next Tuesday and
offers it for a swap, its lead covers the charity stream. Safe to run again: a channel that
already has streams is left as it is."""

from datetime import time, timedelta

from django.utils import timezone

from channels.models import Role

from .models import Stream, StreamNeed
from .services import shift_offer, shift_sign_up, stream_create


def _next(weekday: int):
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def seed_shifts(*, channels_by_slug: dict, users_by_name: dict) -> list[str]:
    channel = channels_by_slug.get("nova-streams")
    if channel is None or Stream.objects.for_channel(channel).exists():
        return []
    owner, lead = users_by_name["streamer"], users_by_name["lead"]
    mod, trainee = users_by_name["mod"], users_by_name["trainee"]
    lead_role = Role.objects.for_channel(channel).filter(name="Lead Moderator").first()
    friday = stream_create(
        channel=channel,
        actor=owner,
        title="Friday raid night",
        starts_on=_next(4),
        start_time=time(20, 0),
        duration_minutes=180,
        weekly=True,
        needs=((lead_role.pk, 1), (None, 2)) if lead_role else ((None, 3),),
    )
    tuesday = stream_create(
        channel=channel,
        actor=owner,
        title="Tuesday art stream",
        starts_on=_next(1),
        start_time=time(18, 30),
        duration_minutes=120,
        weekly=True,
        needs=((None, 2),),
    )
    charity = stream_create(
        channel=channel,
        actor=owner,
        title="Charity marathon",
        starts_on=_next(5) + timedelta(days=7),
        start_time=time(14, 0),
        duration_minutes=480,
        needs=((None, 3),),
        swaps_need_approval=True,
    )

    def anyone(stream):
        return StreamNeed.objects.for_channel(channel).get(stream=stream, role=None)

    shift_sign_up(need=anyone(friday), actor=mod)
    shift_sign_up(need=anyone(charity), actor=lead)
    tuesday_shift = shift_sign_up(need=anyone(tuesday), actor=trainee, occurs_on=tuesday.starts_on)
    shift_offer(shift=tuesday_shift, actor=trainee)
    return ["", "Demo schedule and shifts: /c/nova-streams/schedule/"]
