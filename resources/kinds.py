"""What a kind of resource owned by another app adds to the training pages, registered from that
app's plug-in module (resources imports no app that uses it):

    kind_hooks.register(KindHooks(kind="exercise", states=exercise_states,
                                  preview_template="partials/exercises/preview.html",
                                  preview=exercise_preview))

- `states(resources, user_ids)` returns `{(user_id, resource_id): TrainingState}` for those of
  the resources (of the hook's kind, possibly of several channels) the kind tracks more
  precisely than done / to do: the progress grid, the team page's training column and the
  dashboard's to-do show them. A fixed number of queries, whatever the number of members.
- `preview(resource)` returns the context of `preview_template`, shown on the community
  library's page of a shared resource of that kind (what it holds, without what a member
  should find out by taking it). A fixed number of queries.

- `results(user, completions)` returns `{resource_id: TrainingResult}` for the person's
  completions of the kind's resources that carry a result (an exercise: its score and pass mark):
  the person's record and the credentials they issue show it. A fixed number of queries.

Every training state renders with one include, `partials/resources/training_state.html`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from portal.registry import Registry


@dataclass(frozen=True)
class TrainingState:
    """Where one member stands with one resource. `code`: "done" or "todo" (any resource),
    "passed", "failed" (attempted, not passed: `left` attempts left, the next not before
    `wait_until`) or "retake" (asked again after a change)."""

    code: str
    left: int | None = None
    wait_until: datetime | None = None

    @property
    def done(self) -> bool:
        return self.code in ("done", "passed")


DONE = TrainingState("done")
TODO = TrainingState("todo")


@dataclass(frozen=True)
class TrainingResult:
    """How a person completed a resource that is passed rather than read: `right` of `total`
    questions on the passing attempt of `at`, against a pass mark in percent."""

    right: int
    total: int
    pass_mark: int
    at: datetime

    @property
    def score(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


@dataclass(frozen=True)
class KindHooks:
    kind: str
    states: Callable | None = None
    preview_template: str = ""
    preview: Callable | None = None
    results: Callable | None = None


kind_hooks: Registry[KindHooks] = Registry("resource kind", key=lambda hooks: hooks.kind)


def training_states(resources, user_ids, completed: set[tuple[int, int]]) -> dict:
    """{(user_id, resource_id): TrainingState} for every pair: the kind's own state when its
    hook tracks it, else done (a completion in `completed`, pairs of user and resource ids) or
    to do."""
    resources = list(resources)
    user_ids = list(user_ids)
    precise = {}
    for hooks in kind_hooks:
        mine = [r for r in resources if r.kind == hooks.kind]
        if hooks.states is not None and mine:
            precise.update(hooks.states(mine, user_ids))
    return {
        (uid, r.pk): precise.get((uid, r.pk)) or (DONE if (uid, r.pk) in completed else TODO)
        for uid in user_ids
        for r in resources
    }


def preview_of(resource) -> tuple[str, dict] | None:
    """(template, context) of the resource's kind preview, or None."""
    for hooks in kind_hooks:
        if hooks.kind == resource.kind and hooks.preview is not None:
            return hooks.preview_template, hooks.preview(resource)
    return None


def results_of(user, completions) -> dict:
    """{resource_id: TrainingResult} for those of the person's completions (with their
    `resource` loaded) whose kind records a result."""
    completions = list(completions)
    found = {}
    for hooks in kind_hooks:
        mine = [c for c in completions if c.resource.kind == hooks.kind]
        if hooks.results is not None and mine:
            found.update(hooks.results(user, mine))
    return found
