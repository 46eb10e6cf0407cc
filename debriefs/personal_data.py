"""What the debriefs app holds about a person (registered from plugin.py). Debriefs and their
comments are the team's memory: after deletion they stay, signed "former member"."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="debriefs.Debrief",
        field="author",
        kind="debriefs",
        description=_(
            "Debriefs you wrote. After deletion the team keeps them, signed “former member”."
        ),
        fields=(
            "channel__slug",
            "title",
            "happened_at",
            "context",
            "what_happened",
            "went_well",
            "do_differently",
            "created_at",
        ),
        erase=Erase.KEEP,
        names=("author_name",),
        mentions=("lessons_agreed_by_name",),
    ),
    PersonalData(
        model="debriefs.DebriefComment",
        field="author",
        kind="debrief_comments",
        description=_("Comments you wrote on debriefs (kept by the team, signed “former member”)."),
        fields=("channel__slug", "debrief_id", "body", "created_at"),
        erase=Erase.KEEP,
        names=("author_name",),
    ),
    PersonalData(
        model="debriefs.ModeratorAction",
        field="moderator",
        kind="debrief_actions",
        description=_("Moderator actions of yours that debriefs describe."),
        fields=("channel__slug", "debrief_id", "action", "detail"),
        erase=Erase.KEEP,
        names=("moderator_name",),
    ),
    PersonalData(
        model="debriefs.NormChange",
        field="proposed_by",
        kind="norm_changes_proposed",
        description=_("Norm changes you proposed in debriefs."),
        fields=("channel__slug", "debrief_id", "norm_title", "created_at"),
        erase=Erase.KEEP,
        names=("proposed_by_name",),
    ),
]
