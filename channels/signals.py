"""Signals other apps listen to, so the channels app never imports them.

`team_changed` is sent inside the service's transaction, after the change is written and
audited, whenever a person's place on a team changes: they joined, their roles changed, they
were removed or left. A receiver that writes (an outbox row, say) joins that transaction, so
its row exists exactly when the team change does.

    team_changed.send(sender=Membership, channel=..., membership=..., change="roles",
                      roles_before=[...], roles_after=[...], actor=...)

`change` is one of "joined", "roles", "removed", "left". For "removed" and "left" the
membership row is deleted right after the signal; `membership.user` is still readable.
Deleting a role sends "roles" for each member who held it, before the role is deleted.

`ownership_transferred` is sent inside `channel_transfer_ownership`'s transaction, after the
new owner is recorded, so apps holding something on the old owner's behalf (a Twitch token)
drop it in the same transaction:

    ownership_transferred.send(sender=Channel, channel=..., previous_owner=..., new_owner=...)
"""

from django.dispatch import Signal

TEAM_CHANGES = ("joined", "roles", "removed", "left")

team_changed = Signal()

ownership_transferred = Signal()
