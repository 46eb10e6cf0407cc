"""What the exercises app holds about a person (registered from plugin.py). Attempts stay
with the team's results (signed "former member"); requests to retake go."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="exercises.Attempt",
        field="user",
        kind="exercise_attempts",
        description=_(
            "Your attempts at scenario exercises: when, how many answers were right, "
            "whether you passed."
        ),
        fields=(
            "channel__slug",
            "exercise__resource__title",
            "submitted_at",
            "right",
            "total",
            "passed",
        ),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="exercises.Retake",
        field="user",
        kind="exercise_retakes",
        description=_("Requests to take changed exercise questions again."),
        fields=("channel__slug", "exercise__resource__title", "requested_at", "done_at"),
        erase=Erase.DELETE,
    ),
]
