"""Norms follow the team: a new member is asked to acknowledge the current norms as part of
joining. channels sends `team_changed` inside the joining service's transaction, so the
notification exists exactly when the membership does."""

from channels.signals import team_changed

from .services import norms_welcome


def on_team_changed(sender, *, membership, change, **kwargs) -> None:
    if change == "joined":
        norms_welcome(membership=membership)


def connect_receivers() -> None:
    team_changed.connect(on_team_changed, dispatch_uid="norms.on_team_changed")
