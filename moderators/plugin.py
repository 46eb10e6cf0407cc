"""Everything recruitment plugs in, in one place (imported by ModeratorsConfig.ready()): its
domain events, notifications, tabs, dashboard panels, hub parts, team-health section and
periodic tasks."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from channels.health import register_health_section
from channels.models import Capability
from channels.tabs import register_tab
from portal import events, pagecache, panels, personalpages
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from portal.tasks import register_beat_task

from . import notifications as notices
from . import personal_data, sections
from .audit import InvitationAction, RecruitmentAction
from .panels import your_applications, your_invitations
from .services.openings import OPENING_FIELDS, QUESTION_FIELDS

events.declare(
    *events.events_from(
        RecruitmentAction,
        visible={
            RecruitmentAction.OPENING_OPENED: events.Visibility.PUBLIC,
            RecruitmentAction.OPENING_CLOSED: events.Visibility.PUBLIC,
        },
        data={
            RecruitmentAction.OPENING_CREATED: OPENING_FIELDS,
            RecruitmentAction.OPENING_UPDATED: OPENING_FIELDS,
            RecruitmentAction.OPENING_OPENED: ("state",),
            RecruitmentAction.OPENING_CLOSED: ("state",),
            RecruitmentAction.QUESTION_ADDED: QUESTION_FIELDS,
            RecruitmentAction.QUESTION_UPDATED: QUESTION_FIELDS,
            RecruitmentAction.QUESTION_REMOVED: QUESTION_FIELDS,
            RecruitmentAction.QUESTION_MOVED: ("order",),
            RecruitmentAction.APPLICATION_SUBMITTED: ("opening", "state"),
            RecruitmentAction.APPLICATION_WITHDRAWN: ("state",),
            RecruitmentAction.APPLICATION_MOVED: ("state",),
            RecruitmentAction.APPLICATION_TRIAL_STARTED: ("state", "trial_ends_on"),
            RecruitmentAction.APPLICATION_TRIAL_ENDING: ("trial_ends_on",),
            RecruitmentAction.APPLICATION_ACCEPTED: ("state",),
            RecruitmentAction.APPLICATION_DECLINED: ("state",),
            RecruitmentAction.APPLICATION_VOTED: ("vote",),
        },
    ),
    *events.events_from(
        InvitationAction,
        data={
            InvitationAction.INVITATION_SENT: ("invitee", "roles"),
            InvitationAction.INVITATION_RESENT: ("expires_at",),
            InvitationAction.INVITATION_REVOKED: ("state",),
            InvitationAction.INVITATION_ACCEPTED: ("member", "roles"),
            InvitationAction.INVITATION_DECLINED: ("invitee",),
            InvitationAction.INVITATION_EXPIRED: ("state",),
        },
    ),
)

for event in (RecruitmentAction.APPLICATION_SUBMITTED, RecruitmentAction.APPLICATION_WITHDRAWN):
    events.subscribe(event, name=f"moderators.notify.{event}")(notices.notify_reviewers)

for kind in notices.EVENTS + notices.INVITATION_EVENTS:
    notifications.register(kind)

register_tab(
    name="openings",
    label=_("Openings"),
    url_name="moderators:team_openings",
    capability=Capability.REVIEW_APPLICATIONS,
    order=30,
    current_for=[
        "moderators:opening_create",
        "moderators:opening_manage",
        "moderators:opening_open",
        "moderators:opening_close",
        "moderators:question_add",
        "moderators:question_edit",
        "moderators:question_delete",
    ],
)
register_tab(
    name="applications",
    label=_("Applications"),
    url_name="moderators:review",
    capability=Capability.REVIEW_APPLICATIONS,
    order=31,
    current_for=["moderators:review_detail"],
)
register_tab(
    name="invitations",
    label=_("Invitations"),
    url_name="moderators:team_invitations",
    capability=Capability.MANAGE_TEAM,
    order=15,
    current_for=[
        "moderators:invitation_send",
        "moderators:invitation_revoke",
        "moderators:invitation_resend",
    ],
)

# A person's applications and invitations are to channels they are not in (yet): the cached
# dashboard and hub go stale on these events wherever they happen (portal/personalpages.py).
APPLICATIONS_SHOWN = tuple(
    action.value for action in RecruitmentAction if action.value.startswith("application.")
)
INVITATIONS_SHOWN = tuple(action.value for action in InvitationAction)

panels.register_panel(
    name="moderators.your_applications",
    template="partials/moderators/dashboard_panel.html",
    context=your_applications,
    order=20,
    stale_on=APPLICATIONS_SHOWN,
)
panels.register_panel(
    name="moderators.your_invitations",
    template="partials/moderators/invitation_panel.html",
    context=your_invitations,
    order=15,
    stale_on=INVITATIONS_SHOWN,
)
panels.home_parts.register(panels.PagePart("moderators.openings", sections.home_openings, order=10))
panels.hub_tasks.register(
    panels.TaskList(
        "invitations", sections.invitations_waiting, order=30, stale_on=INVITATIONS_SHOWN
    )
)
panels.hub_tasks.register(
    panels.TaskList(
        "applications", sections.applications_open, order=40, stale_on=APPLICATIONS_SHOWN
    )
)

register_health_section(
    name="moderators.recruitment",
    template="partials/moderators/health_recruitment.html",
    context=sections.recruitment_section,
    order=50,
)

register_beat_task(
    name="recruitment-trial-reminders",
    task="moderators.trial_reminders",
    schedule=crontab(minute=15, hour="*/6"),  # a trial ends on a day; marked once sent
)
register_beat_task(
    name="invitations-expire",
    task="moderators.invitations_expire",
    schedule=crontab(minute=15),  # hourly: an invitation lapses within the hour
)

personal_data_registry.register(*personal_data.ENTRIES)

# The public board and openings, from the shared cache (portal/pagecache.py): any channel's
# opening or channel change makes them stale.
OPENINGS_SHOWN = (
    *(action.value for action in RecruitmentAction if action.value.startswith("opening.")),
    "application.accepted",
    "role.updated",
    "role.deleted",
    "channel.updated",
    "channel.archived",
    "channel.restored",
    "channel.suspended",
    "channel.unsuspended",
    "channel.deletion_scheduled",
    "channel.deletion_cancelled",
)
pagecache.register_page(name="moderators.board", stale_on=OPENINGS_SHOWN)
panels.hub_parts.register(
    panels.PagePart("moderators.openings", sections.hub_openings, order=30, stale_on=OPENINGS_SHOWN)
)
pagecache.register_page(name="moderators.opening", stale_on=OPENINGS_SHOWN)

# Its signed-in page, one copy per person (portal/personalpages.py).
personalpages.register_page(name="moderators.review")
