"""Extra columns of the team page: a registry each app fills from its plug-in module.

    register_team_column(name="norms.acknowledged", label=_("Norms"), order=20,
                         template="partials/norms/team_cell.html", values=acknowledgements)

`values(channel, members)` returns `{membership_pk: value}` for the listed members in a fixed
number of queries, whatever the size of the team; the cell template gets the value as `value`
(None for a member missing from the dict) and the member as `member`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from portal.registry import Registry


@dataclass(frozen=True)
class TeamColumn:
    name: str
    label: str
    template: str
    values: Callable[[Any, list], dict[int, Any]]
    order: int


@dataclass(frozen=True)
class ShownColumn:
    label: str
    template: str
    cells: dict[int, Any]


columns: Registry[TeamColumn] = Registry("team column", order=lambda column: column.order)


def register_team_column(
    *, name: str, label: str, template: str, values: Callable, order: int = 100
) -> TeamColumn:
    return columns.register(
        TeamColumn(name=name, label=label, template=template, values=values, order=order)
    )


def team_columns(channel, members: list) -> list[ShownColumn]:
    """The registered columns with their values for these members, in order."""
    return [
        ShownColumn(
            label=column.label, template=column.template, cells=column.values(channel, members)
        )
        for column in columns
    ]
