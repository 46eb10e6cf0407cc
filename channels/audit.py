"""Human labels for the audit log's dotted action names."""

ACTION_LABELS = {
    "channel.created": "Channel created",
    "channel.updated": "Channel settings changed",
    "channel.archived": "Channel archived",
    "channel.restored": "Channel restored",
    "channel.suspended": "Channel suspended by the platform",
    "channel.unsuspended": "Suspension lifted",
    "channel.ownership_transferred": "Ownership transferred",
    "role.created": "Role created",
    "role.updated": "Role changed",
    "role.deleted": "Role deleted",
    "role.reordered": "Roles reordered",
    "membership.added": "Member added",
    "membership.roles_changed": "Member's roles changed",
    "membership.removed": "Member removed",
    "membership.left": "Member left",
    "membership.listing_changed": "Public listing changed",
}
