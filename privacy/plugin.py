"""Everything the privacy app plugs in (imported by PrivacyConfig.ready()): its events and
notifications, the personal data of the account and third-party apps, and the beat jobs
(retention purges, due erasures and channel deletions)."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from portal import events
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from portal.tasks import register_beat_task

from . import notifications as notices
from . import personal_data
from .audit import ACCOUNT_ERASED, PrivacyAction

events.declare(
    *events.events_from(
        PrivacyAction,
        visibility=events.Visibility.TEAM,
        data={PrivacyAction.CHANNEL_DELETION_SCHEDULED: ("due",)},
    )
)
events.declare(
    events.Event(
        name=ACCOUNT_ERASED,
        label=_("Account erased"),
        visibility=events.Visibility.AUDIT,
        data=(),
    )
)
for kind in notices.EVENTS:
    notifications.register(kind)

personal_data_registry.register(*personal_data.ENTRIES)

register_beat_task(name="privacy-due", task="privacy.due", schedule=crontab(minute="*/15"))
register_beat_task(name="privacy-retention", task="privacy.retention", schedule=crontab(minute=20))
