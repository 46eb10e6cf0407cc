"""What norms do when a domain event is recorded (subscribed from norms/plugin.py), inside
the recording service's transaction, so their notifications exist exactly when the change does."""

from channels.models import Membership
from portal.events import Occurrence
from portal.notifications.services import notify

from .services import norms_welcome


def notify_members_of_version(occurrence: Occurrence) -> None:
    """`norms.published`: a material change asks every member (but the publisher) to read it."""
    version, channel = occurrence.target, occurrence.channel
    if not version.is_material:
        return
    members = Membership.objects.for_channel(channel).select_related("user")
    notify(
        event="norms.published",
        recipients=[m.user for m in members],
        channel=channel,
        actor=occurrence.actor,
        target=version,
        context={"channel_name": channel.name, "number": version.number},
    )


def welcome_new_member(occurrence: Occurrence) -> None:
    """`membership.joined`: a new member is asked to acknowledge the current norms."""
    norms_welcome(membership=occurrence.target)
