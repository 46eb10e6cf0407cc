"""The one check of the data-rights services on their actor."""

from django.core.exceptions import PermissionDenied

from channels.services.guards import require_signed_in

EXPORT_PERMISSION = "privacy.export_person"
ERASE_PERMISSION = "privacy.erase_person"


def require_self_or_staff(user, actor, permission: str) -> None:
    """The person themself, or platform staff holding the permission (a request by email)."""
    require_signed_in(actor)
    if actor.pk == user.pk:
        return
    if not (actor.is_staff and actor.has_perm(permission)):
        raise PermissionDenied(f"This needs the platform permission {permission}.")
