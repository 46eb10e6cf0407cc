"""Everything exercises plug in, in one place (imported by ExercisesConfig.ready()): domain
events, notifications, the results tab, and the subscribers that make a resource of kind
exercise an exercise, copy one added from the community library, and follow the norms."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab
from norms.audit import NormsAction
from portal import events
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from resources.audit import ResourceAction
from resources.kinds import KindHooks, kind_hooks
from resources.models import Kind

from . import personal_data, selectors, services
from .audit import ExerciseAction
from .notifications import EVENTS as NOTIFICATIONS

events.declare(
    *events.events_from(
        ExerciseAction,
        visibility=events.Visibility.TEAM,
        data={
            ExerciseAction.SETTINGS_CHANGED: ("pass_mark", "attempts_allowed", "cooldown_minutes"),
            ExerciseAction.QUESTION_SAVED: ("situation", "norm"),
            ExerciseAction.QUESTION_DELETED: ("situation",),
            ExerciseAction.GENERATED: ("source", "questions"),
            ExerciseAction.REVIEWED: ("retakes",),
        },
    )
)
events.subscribe(ResourceAction.RESOURCE_CREATED, name="exercises.create")(
    services.exercise_for_resource
)
events.subscribe(ResourceAction.RESOURCE_ADDED, name="exercises.copy")(
    services.exercise_copy_on_add
)
events.subscribe(NormsAction.PUBLISHED, name="exercises.needs_review", order=60)(
    services.exercises_on_norms_published
)

for kind in NOTIFICATIONS:
    notifications.register(kind)

register_tab(
    name="exercise_results",
    label=_("Exercise results"),
    url_name="exercises:grid",
    capability=Capability.MANAGE_RESOURCES,
    order=52,
    current_for=["exercises:results"],
)

# What the app holds about a person, for exports and erasure (portal/personal_data.py).
personal_data_registry.register(*personal_data.ENTRIES)

# The exercise state (passed, not passed, asked again) on the training pages of resources,
# its situations and choices on the community library's page of a shared exercise, and the
# score of a passed exercise in the person's record and credentials.
kind_hooks.register(
    KindHooks(
        kind=Kind.EXERCISE.value,
        states=selectors.exercise_states,
        preview_template="partials/exercises/preview.html",
        preview=selectors.exercise_preview,
        results=selectors.exercise_results,
    )
)
