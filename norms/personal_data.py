"""What the norms app holds about a person (registered from plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="norms.Acknowledgement",
        field="user",
        kind="acknowledgements",
        description=_("The norms versions you acknowledged, and when."),
        fields=("channel__slug", "version__number", "carried_over", "acknowledged_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="norms.NormComment",
        field="author",
        kind="norm_comments",
        description=_(
            "Comments you wrote while norms were drafted. After deletion the team "
            "keeps them, signed “former member”."
        ),
        fields=("channel__slug", "norm_title", "body", "created_at"),
        erase=Erase.KEEP,
        names=("author_name",),
    ),
    PersonalData(
        model="norms.NormVersion",
        field="published_by",
        kind="norms_published",
        description=_("Norms versions you published."),
        fields=("channel__slug", "number", "published_at"),
        erase=Erase.KEEP,
        names=("published_by_name",),
    ),
]
