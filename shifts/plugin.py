"""Everything the shifts app plugs in, in one place (imported by ShiftsConfig.ready()):
domain events, notifications, the schedule tab, the dashboard panel, the team-health
section, the away subscriber and the beat task of reminders and gap alerts."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from channels.health import register_health_section
from channels.tabs import register_tab
from portal import events, panels
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from portal.tasks import register_beat_task

from . import notifications as notices
from . import personal_data
from .audit import ShiftsAction
from .away import release_shifts
from .panels import health, next_shifts

events.declare(
    *events.events_from(
        ShiftsAction,
        visibility=events.Visibility.TEAM,
        data={
            ShiftsAction.STREAM_ADDED: ("title", "starts_on", "start_time", "weekly"),
            ShiftsAction.STREAM_CHANGED: ("title", "starts_on", "start_time", "weekly"),
            ShiftsAction.TWITCH_ADOPTED: ("title", "starts_on", "start_time", "weekly"),
            ShiftsAction.STREAM_REMOVED: ("title", "starts_on", "start_time", "weekly"),
            ShiftsAction.STREAM_CANCELLED: ("title", "occurs_on"),
            ShiftsAction.OCCURRENCE_MOVED: ("title", "occurs_on", "at"),
            ShiftsAction.SHIFT_TAKEN: ("title", "occurs_on"),
            ShiftsAction.SHIFT_WITHDRAWN: ("title", "occurs_on"),
            ShiftsAction.SHIFT_OFFERED: ("title", "occurs_on"),
            ShiftsAction.SHIFT_SWAPPED: ("title", "user"),
            ShiftsAction.SHIFT_SWAP_REQUESTED: ("title", "user"),
            ShiftsAction.SHIFT_SWAP_DECLINED: ("title", "user"),
            ShiftsAction.SETTINGS_CHANGED: ("swaps_need_approval",),
            ShiftsAction.SHIFTS_RELEASED: ("title", "occurs_on", "until_on"),
        },
    )
)
events.subscribe("profile.away_set", name="shifts.release_when_away")(release_shifts)

for kind in notices.EVENTS:
    notifications.register(kind)

register_tab(
    name="schedule",
    label=_("Schedule"),
    url_name="shifts:schedule",
    order=40,
    current_for=["shifts:stream_create", "shifts:stream_edit", "shifts:channel_calendar"],
)
panels.register_panel(
    name="shifts.next_shifts",
    template="partials/shifts/dashboard_next.html",
    context=next_shifts,
    order=8,
)
register_health_section(
    name="shifts.coverage",
    template="partials/shifts/health.html",
    context=health,
    order=25,
)
register_beat_task(name="shifts.send_due", task="shifts.send_due", schedule=crontab(minute="*/10"))

# What the app holds about a person, for exports and erasure (portal/personal_data.py).
personal_data_registry.register(*personal_data.ENTRIES)
register_beat_task(
    name="shifts.import_twitch", task="shifts.import_twitch", schedule=crontab(minute=25)
)
