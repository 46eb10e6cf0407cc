"""URL × actor rows of the shifts app (issue 28)."""

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from channels.models import Capability
from shifts import services
from shifts.models import Stream, StreamNeed
from shifts.twitch_import import apply_schedule

from . import (
    FORBIDDEN,
    NOT_ALLOWED,
    OK,
    everyone,
    post_private,
    private,
    signed_in,
)

MATRIX = {
    "shifts:schedule": private(),
    "shifts:stream_create": private(Capability.MANAGE_TEAM),
    "shifts:stream_edit": private(Capability.MANAGE_TEAM),
    "shifts:channel_calendar": private(),
    "shifts:my_calendar": signed_in(OK),
    "shifts:next_panel": signed_in(OK),
    # The token is the credential: whoever holds the URL reads the feed.
    "shifts:feed": everyone(OK),
    **{
        name: everyone(NOT_ALLOWED)
        for name in (
            "shifts:stream_delete",
            "shifts:occurrence_cancel",
            "shifts:occurrence_move",
            "shifts:adopt_twitch",
            "shifts:schedule_settings",
            "shifts:sign_up",
            "shifts:withdraw",
            "shifts:offer",
            "shifts:take",
            "shifts:approve",
        )
    },
}

# Only the moderator holds the shift they withdraw or offer; others on the team get 403.
_own = {**post_private(), "trainee": FORBIDDEN, "lead": FORBIDDEN, "owner": FORBIDDEN}
POST_MATRIX = {
    "shifts:stream_delete": post_private(Capability.MANAGE_TEAM),
    "shifts:occurrence_cancel": post_private(Capability.MANAGE_TEAM),
    "shifts:occurrence_move": post_private(Capability.MANAGE_TEAM),
    "shifts:adopt_twitch": post_private(Capability.MANAGE_TEAM),
    "shifts:schedule_settings": post_private(Capability.MANAGE_TEAM),
    "shifts:sign_up": post_private(),
    "shifts:withdraw": _own,
    "shifts:offer": _own,
    "shifts:take": post_private(),
    "shifts:approve": post_private(Capability.MANAGE_TEAM),
}
NOT_HTML = {"shifts:feed", "shifts:next_panel"}  # a feed; a fragment the dashboard loads
CHANGES = (
    "shifts:stream_",
    "shifts:adopt_twitch",
    "shifts:occurrence_",
    "shifts:schedule_settings",
    "shifts:sign_up",
    "shifts:approve",
)


def _weekly(team, title, *, approval=False):
    return services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title=title,
        starts_on=timezone.localdate() + timedelta(days=3),
        start_time=time(20, 0),
        duration_minutes=90,
        weekly=True,
        needs=((None, 20),),
        swaps_need_approval=approval,
    )


def twitch_body(title):
    start = timezone.now().replace(microsecond=0) + timedelta(days=5)
    segment = {
        "id": "once-a",
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=2)).isoformat(),
        "title": title,
        "is_recurring": False,
    }
    return {"data": {"segments": [segment]}}


def drifted_stream(team):
    """A stream imported from Twitch, renamed by hand, then renamed on Twitch: drift shown."""
    apply_schedule(channel=team.channel, body=twitch_body("Charity"))
    stream = Stream.objects.get(channel=team.channel, source="twitch")
    services.stream_update(
        stream=stream,
        actor=team.owner,
        title="Charity (by hand)",
        starts_on=stream.starts_on,
        start_time=stream.start_time,
        duration_minutes=stream.duration_minutes,
        needs=((None, 1),),
    )
    apply_schedule(channel=team.channel, body=twitch_body("Charity on Twitch"))
    stream.refresh_from_db()
    return stream


def _objects(team):
    if not hasattr(team, "shifts"):
        mine_stream = _weekly(team, "Main stream")
        need = StreamNeed.objects.get(stream=mine_stream)
        mine = services.shift_sign_up(need=need, actor=team.moderator)
        swap_stream = _weekly(team, "Swap stream")
        offered = services.shift_sign_up(
            need=StreamNeed.objects.get(stream=swap_stream), actor=team.lead
        )
        services.shift_offer(shift=offered, actor=team.lead)
        approval_stream = _weekly(team, "Approval stream", approval=True)
        pending = services.shift_sign_up(
            need=StreamNeed.objects.get(stream=approval_stream), actor=team.trainee
        )
        services.shift_offer(shift=pending, actor=team.trainee)
        services.shift_take(shift=pending, actor=team.moderator)
        open_stream = _weekly(team, "Open stream")
        team.shifts = {
            "drifted": drifted_stream(team),
            "stream": mine_stream,
            "mine": mine,
            "offered": offered,
            "pending": pending,
            "open_need": StreamNeed.objects.get(stream=open_stream),
            "feed": services.feed_for(user=team.owner),
        }
    return team.shifts


def url(name, team):
    if not name.startswith("shifts:"):
        return None
    objects = _objects(team)
    slug = team.channel.slug
    short = name.split(":")[1]
    if short in ("schedule", "stream_create", "channel_calendar", "schedule_settings"):
        return reverse(name, args=[slug])
    if short in ("my_calendar", "next_panel"):
        return reverse(name)
    if short == "feed":
        return reverse(name, args=[objects["feed"].token])
    if short in ("stream_edit", "stream_delete", "occurrence_cancel", "occurrence_move"):
        return reverse(name, args=[slug, objects["stream"].pk])
    if short == "adopt_twitch":
        return reverse(name, args=[slug, objects["drifted"].pk])
    if short == "sign_up":
        return reverse(name, args=[slug, objects["open_need"].pk])
    if short in ("withdraw", "offer"):
        return reverse(name, args=[slug, objects["mine"].pk])
    if short == "take":
        return reverse(name, args=[slug, objects["offered"].pk])
    return reverse(name, args=[slug, objects["pending"].pk])


def post_data(name, team):
    if name == "shifts:occurrence_cancel":
        return {"occurs_on": _objects(team)["stream"].starts_on.isoformat()}
    if name == "shifts:occurrence_move":
        return _move_form(team)
    if name == "shifts:schedule_settings":
        return {"swaps_need_approval": "on"}
    if name == "shifts:stream_edit":
        return _stream_form()
    if name.startswith("shifts:"):
        return {}
    return None


def _move_form(team):
    day = _objects(team)["stream"].starts_on
    return {
        "occurs_on": day.isoformat(),
        "moved_on": (day + timedelta(days=1)).isoformat(),
        "moved_time": "21:30",
    }


def _stream_form():
    return {
        "title": "Renamed",
        "starts_on": (timezone.localdate() + timedelta(days=4)).isoformat(),
        "start_time": "19:00",
        "duration_minutes": "60",
        "weekly": "on",
        "need_role_0": "",
        "need_count_0": "2",
    }


def write_requests(team):
    slug = team.channel.slug
    create = (Capability.MANAGE_TEAM, reverse("shifts:stream_create", args=[slug]), _stream_form())
    rule = (
        Capability.MANAGE_TEAM,
        reverse("shifts:schedule_settings", args=[slug]),
        {"swaps_need_approval": "on"},
    )
    if not hasattr(team, "shifts") and team.channel.is_read_only:
        return [create, rule]  # a suspended channel's schedule cannot be built by the services
    objects = _objects(team)
    stream = objects["stream"]
    return [
        create,
        rule,
        (
            Capability.MANAGE_TEAM,
            reverse("shifts:adopt_twitch", args=[slug, objects["drifted"].pk]),
            {},
        ),
        (
            Capability.MANAGE_TEAM,
            reverse("shifts:stream_edit", args=[slug, stream.pk]),
            _stream_form(),
        ),
        (Capability.MANAGE_TEAM, reverse("shifts:stream_delete", args=[slug, stream.pk]), {}),
        (
            Capability.MANAGE_TEAM,
            reverse("shifts:occurrence_cancel", args=[slug, stream.pk]),
            {"occurs_on": stream.starts_on.isoformat()},
        ),
        (
            Capability.MANAGE_TEAM,
            reverse("shifts:occurrence_move", args=[slug, stream.pk]),
            _move_form(team),
        ),
        (
            Capability.MANAGE_TEAM,
            reverse("shifts:approve", args=[slug, objects["pending"].pk]),
            {},
        ),
    ]
