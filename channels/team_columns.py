"""Extra columns of the team page: a registry each app fills from its `AppConfig.ready()`.

    register_team_column(name="norms.acknowledged", label=_("Norms"), order=20,
                         template="partials/norms/team_cell.html", values=acknowledgements)

`values(channel, members)` returns `{membership_pk: value}` for the listed members in a fixed
number of queries, whatever the size of the team; the cell template gets the value as `value`
(None for a member missing from the dict) and the member as `member`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_COLUMNS: dict[str, "TeamColumn"] = {}


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


def register_team_column(
    *, name: str, label: str, template: str, values: Callable, order: int = 100
) -> TeamColumn:
    if name in _COLUMNS:
        raise ValueError(f"team column {name!r} is already registered")
    column = TeamColumn(name=name, label=label, template=template, values=values, order=order)
    _COLUMNS[name] = column
    return column


def team_columns(channel, members: list) -> list[ShownColumn]:
    """The registered columns with their values for these members, in order."""
    return [
        ShownColumn(
            label=column.label, template=column.template, cells=column.values(channel, members)
        )
        for column in sorted(_COLUMNS.values(), key=lambda c: (c.order, c.name))
    ]
