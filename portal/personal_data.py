"""The registry of personal data: for every model that holds rows about a person, how to export
them and how to erase them. The privacy app reads it; each app fills it from its `plugin.py`:

    from portal import personal_data as pd
    pd.register(pd.PersonalData(
        model="debriefs.DebriefComment", field="author", kind="debrief_comments",
        description=_("Comments you wrote on debriefs."),
        fields=("channel__slug", "debrief_id", "body", "created_at"),
        erase=pd.Erase.KEEP, names=("author_name",),
    ))

- `field` is the foreign key (or one-to-one) to the user; every such key must be covered by an
  entry (`tests/privacy/test_completeness.py` walks Django's model registry and fails otherwise).
- `fields` are exported (`values()` lookups, so `channel__slug` works); an empty tuple exports
  nothing for this key (the `description` says why) but the key is still erased as told.
- `erase`: `DELETE` the rows; `DETACH` sets the key to NULL; `KEEP` keeps them attributed to the
  erased account, whose row becomes a "former member" with a pseudonym (the team relies on them).
  `names` are columns of these rows holding the person's name as text: they get the former
  member's label (or the pseudonym, for audit rows: `names_get_pseudonym=True`).
- `rows(user)` (optional) replaces the `fields` export for data not reached by one key (for
  example notes *about* an applicant), and `select(user)` the erasure's queryset.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder

from .registry import Registry


class Erase(StrEnum):
    DELETE = "delete"
    DETACH = "detach"
    KEEP = "keep"


@dataclass(frozen=True)
class PersonalData:
    model: str
    field: str | None
    kind: str
    description: str
    fields: tuple[str, ...] = ()
    erase: Erase = Erase.DELETE
    names: tuple[str, ...] = ()
    names_get_pseudonym: bool = False
    rows: Callable | None = field(default=None, compare=False)
    select: Callable | None = field(default=None, compare=False)
    # Columns of *every* row of the model that may name the person in text (audit labels,
    # notification summaries): the name is replaced by the pseudonym where it is a whole word.
    mentions: tuple[str, ...] = ()
    # Other keys to the user that this entry's erasure takes care of (e.g. by cascade).
    covers: tuple[str, ...] = ()
    order: int = 100

    @property
    def name(self) -> str:
        return f"{self.model}.{self.field or self.kind}"

    def model_class(self):
        return apps.get_model(self.model)

    def queryset(self, user):
        if self.select is not None:
            return self.select(user)
        return self.model_class()._default_manager.filter(**{self.field: user})

    def export(self, user) -> list[dict]:
        """JSON-safe dicts of this person's rows."""
        if self.rows is not None:
            found = list(self.rows(user))
        elif not self.fields:
            return []
        else:
            found = list(self.queryset(user).order_by("pk").values(*self.fields))
        return json.loads(json.dumps(found, cls=DjangoJSONEncoder))


FORMER_MEMBER = "former member"

registry: Registry[PersonalData] = Registry("personal data", order=lambda e: (e.order, e.kind))


def register(*entries: PersonalData) -> None:
    for entry in entries:
        registry.register(entry)


def covered_keys() -> set[str]:
    """ "app_label.Model.field" of every key to the user the registry takes care of."""
    keys = set()
    for entry in registry:
        model = entry.model_class()._meta.label
        if entry.field:
            keys.add(f"{model}.{entry.field}")
        keys.update(entry.covers)
    return keys
