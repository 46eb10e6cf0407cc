"""The one place that decides who may do what in a channel.

Anonymous: sent to log in. Not a member: 404, so private pages don't leak that a channel or
object exists. Member without the capability: 403. Platform staff are ordinary users here;
they work through the admin.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.replicas import primary_reads

from .models import Capability, Channel, Membership


@dataclass(frozen=True)
class Access:
    membership_id: int | None
    capabilities: frozenset[str]
    is_owner: bool = False

    @property
    def is_member(self) -> bool:
        return self.membership_id is not None

    def can(self, capability: str) -> bool:
        # Capability() refuses an unknown name, so a typo fails loudly instead of saying no.
        return Capability(capability) in self.capabilities


NO_ACCESS = Access(membership_id=None, capabilities=frozenset())


def access_for(*, channel: Channel, user) -> Access:
    """The user's membership and capabilities in one channel, in one query."""
    if not user.is_authenticated:
        return NO_ACCESS
    # values() across roles is a LEFT JOIN: one row per role, or one row of NULLs for a
    # member without roles, so membership and capabilities arrive together.
    own = Membership.objects.for_channel(channel).filter(user=user)
    rows = list(own.values("id", "is_owner", *(f"roles__{c}" for c in Capability.values)))
    if not rows:
        return NO_ACCESS
    if rows[0]["is_owner"]:
        return Access(
            membership_id=rows[0]["id"], capabilities=frozenset(Capability.values), is_owner=True
        )
    held = frozenset(c for row in rows for c in Capability.values if row[f"roles__{c}"])
    return Access(membership_id=rows[0]["id"], capabilities=held)


def channel_view(
    capability: Capability | str | None = None,
    *,
    write: bool = False,
    owner: bool = False,
    public: bool = False,
):
    """Resolve /c/<slug>/, check membership and one capability, set request.channel/.access.

    `owner=True`: only the channel's owner (others on the team get 403).
    `public=True`: anyone may read the page, signed in or not; request.access tells members
    apart so the page can show them more. Only a missing channel is a 404.
    `write=True` marks a view that changes the channel: on a suspended or archived channel
    its POSTs are refused (403) so the team area is read-only.
    """
    if capability is not None:
        capability = Capability(capability)  # a typo fails at import, not in production
    if public and (capability is not None or owner or write):
        raise TypeError("a public channel page checks no capability and writes nothing")

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if public:
                # Who may see what is decided on the primary, even when the page's content is
                # read from a replica (portal/replicas.py).
                with primary_reads():
                    channel = get_object_or_404(Channel, slug=slug)
                    request.channel = channel
                    request.access = access_for(channel=channel, user=request.user)
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            channel = get_object_or_404(Channel, slug=slug)
            access = access_for(channel=channel, user=request.user)
            if not access.is_member:
                raise Http404
            if capability is not None and not access.can(capability):
                raise PermissionDenied
            if owner and not access.is_owner:
                raise PermissionDenied
            if write and request.method == "POST" and channel.is_read_only:
                raise PermissionDenied
            request.channel, request.access = channel, access
            return view(request, *args, **kwargs)

        wrapper.channel_private = not public  # never read from a replica (portal/replicas.py)
        return wrapper

    return decorator
