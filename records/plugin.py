"""Everything records plug in (imported by RecordsConfig.ready()): subscribers to the team's
domain events that keep each moderator's service record."""

from django.utils.translation import gettext_lazy as _

from channels.audit import ChannelAction
from channels.models import Capability
from channels.tabs import register_tab
from moderators import extensions
from portal import events
from portal import personal_data as personal_data_registry

from . import personal_data, sections, services
from .audit import RecordsAction
from .models import Ending

events.declare(
    *events.events_from(
        RecordsAction,
        visibility=events.Visibility.TEAM,
        data={
            RecordsAction.ENDORSED: ("subject",),
            RecordsAction.ENDORSEMENT_ACCEPTED: ("subject",),
            RecordsAction.ENDORSEMENT_REMOVED: ("subject",),
        },
    )
)


def _names(roles):
    return [role.name for role in roles or []]


def _user(occurrence):
    membership = occurrence.subject("membership")
    return membership.user if membership is not None else None


@events.subscribe(ChannelAction.MEMBERSHIP_JOINED, name="records.joined")
@events.subscribe(ChannelAction.MEMBERSHIP_ADDED, name="records.added")
def on_joined(occurrence):
    user = _user(occurrence)
    if user is not None:
        services.record_joined(
            channel=occurrence.channel,
            user=user,
            role_names=_names(occurrence.subject("roles_after"))
            or list(occurrence.after.get("roles", [])),
        )


@events.subscribe(ChannelAction.MEMBERSHIP_ROLES_CHANGED, name="records.roles_changed")
def on_roles_changed(occurrence):
    user = _user(occurrence)
    if user is not None:
        services.record_roles(
            channel=occurrence.channel,
            user=user,
            role_names=_names(occurrence.subject("roles_after")),
        )


@events.subscribe(ChannelAction.MEMBERSHIP_LEFT, name="records.left")
def on_left(occurrence):
    user = _user(occurrence)
    if user is not None:
        services.record_ended(channel=occurrence.channel, user=user, ending=Ending.LEFT)


@events.subscribe(ChannelAction.MEMBERSHIP_REMOVED, name="records.removed")
def on_removed(occurrence):
    user = _user(occurrence)
    if user is not None:
        services.record_ended(
            channel=occurrence.channel,
            user=user,
            ending=Ending.REMOVED,
            reason=occurrence.after.get("reason", ""),
        )


@events.subscribe(ChannelAction.CHANNEL_ARCHIVED, name="records.archived")
def on_archived(occurrence):
    services.record_channel_archived(channel=occurrence.channel)


# What the app holds about a person, for exports and erasure (portal/personal_data.py).
personal_data_registry.register(*personal_data.ENTRIES)


# Credentials on applications: attached on the apply form, verified on the review page.
extensions.register_application_section(
    extensions.ApplicationSection(
        name="records.credentials",
        apply_template="partials/records/apply_credentials.html",
        apply_context=sections.apply_context,
        submitted=sections.submitted,
        review_template="partials/records/review_credentials.html",
        review_context=sections.review_context,
    )
)


# The team's past members (and the endorsements written for them), for those who manage it.
register_tab(
    name="team_history",
    label=_("Past members"),
    url_name="records:team_history",
    capability=Capability.MANAGE_TEAM,
    order=15,
    current_for=["records:endorse"],
)
