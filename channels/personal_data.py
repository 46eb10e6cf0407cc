"""What the channels app holds about a person (registered from plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

from .models import AuditEvent, Membership


def membership_history(user):
    ids = list(Membership.objects.filter(user=user).values_list("id", flat=True))
    return (
        AuditEvent.objects.filter(target_type="membership", target_id__in=ids)
        .order_by("created_at")
        .values("channel__slug", "action", "before", "after", "created_at")
    )


ENTRIES = [
    PersonalData(
        model="channels.Membership",
        field="user",
        kind="memberships",
        description=_("The channel teams you belong to, whether you own them, and since when."),
        fields=("channel__slug", "channel__name", "is_owner", "is_listed", "joined_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="channels.AuditEvent",
        field=None,
        kind="membership_history",
        description=_("The history of your memberships: joins, role changes and departures."),
        rows=membership_history,
        select=lambda user: AuditEvent.objects.none(),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="channels.Membership",
        field="added_by",
        kind="members_added",
        description=_("Members you added to a team (only that you did, not their details)."),
        fields=("channel__slug", "joined_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="channels.AuditEvent",
        field="actor",
        kind="audit_events",
        description=_("Changes you made in channels, as their audit logs record them."),
        fields=("channel__slug", "action", "target_type", "target_label", "created_at"),
        erase=Erase.KEEP,
        names=("actor_name",),
        names_get_pseudonym=True,
        mentions=("actor_name", "target_label", "before", "after"),
    ),
]
