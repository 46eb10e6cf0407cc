"""What the resources app holds about a person (registered from plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="resources.Completion",
        field="user",
        kind="training_completions",
        description=_("Training resources you completed, and when."),
        fields=("channel__slug", "resource__title", "completed_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="resources.ItemTick",
        field="user",
        kind="training_results",
        description=_("Checklist items of training resources you ticked."),
        fields=("channel__slug", "resource__title", "item_id", "ticked_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="resources.Bookmark",
        field="user",
        kind="bookmarks",
        description=_("Resources you bookmarked."),
        fields=("resource__title", "created_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="resources.Report",
        field="reporter",
        kind="reports",
        description=_("Resources you reported, and why."),
        fields=("resource__title", "reason", "state", "created_at"),
        erase=Erase.DETACH,
    ),
    PersonalData(
        model="resources.Report",
        field="resolved_by",
        kind="reports_resolved",
        description=_("Reports you resolved as staff."),
        fields=("resource__title", "resolved_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="resources.Resource",
        field="created_by",
        kind="resources_created",
        description=_("Resources you wrote."),
        fields=("channel__slug", "title", "created_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="resources.Resource",
        field="shared_by",
        kind="resources_shared",
        description=_("Resources you shared with the community."),
        fields=("title", "shared_at"),
        erase=Erase.KEEP,
    ),
]
