"""The team page's training column: each member's required training done."""

from django.utils.translation import gettext_lazy as _

from channels.team_columns import register_team_column

from .selectors import team_completion


def register_team_columns() -> None:
    register_team_column(
        name="resources.training",
        label=_("Training"),
        template="partials/resources/team_cell.html",
        values=team_completion,
        order=30,
    )
