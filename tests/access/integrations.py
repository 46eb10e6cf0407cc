"""URL × actor rows of outgoing webhooks (issue 27): integrations.urls. Only holders of
"manage integrations" (the owner by default) reach them."""

from django.urls import reverse
from django.utils import timezone

from channels.models import Capability
from integrations.models import Delivery, Endpoint

from . import NOT_ALLOWED, everyone, post_private, private

MATRIX = {
    "integrations:list": private(Capability.MANAGE_INTEGRATIONS),
    "integrations:detail": private(Capability.MANAGE_INTEGRATIONS),
    "integrations:delete": private(Capability.MANAGE_INTEGRATIONS),
    "integrations:rotate": everyone(NOT_ALLOWED),
    "integrations:test": everyone(NOT_ALLOWED),
    "integrations:resend": everyone(NOT_ALLOWED),
}
POST_MATRIX = {
    "integrations:rotate": post_private(Capability.MANAGE_INTEGRATIONS),
    "integrations:test": post_private(Capability.MANAGE_INTEGRATIONS),
    "integrations:resend": post_private(Capability.MANAGE_INTEGRATIONS),
}
CHANGES = ("integrations:",)


def _endpoint(team):
    """A signed endpoint with one failed delivery (rows made directly: no DNS in the matrix)."""
    endpoint = Endpoint.objects.for_channel(team.channel).first()
    if endpoint is None:
        endpoint = Endpoint.objects.create(
            channel=team.channel,
            name="Bot",
            kind="signed",
            url="https://hooks.example.com/in",
            level="team",
            events=["membership.joined"],
            secret="whsec_" + "A" * 32,
            created_by=team.owner,
        )
        now = timezone.now()
        Delivery.objects.create(
            channel=team.channel,
            endpoint=endpoint,
            is_test=True,
            webhook_id="msg_matrix",
            state="failed",
            next_attempt_at=now,
            created_at=now,
        )
    return endpoint


def url(name, team):
    if not name.startswith("integrations:"):
        return None
    slug = team.channel.slug
    if name == "integrations:list":
        return reverse(name, args=[slug])
    endpoint = _endpoint(team)
    if name == "integrations:resend":
        delivery = Delivery.objects.filter(endpoint=endpoint).first()
        return reverse(name, args=[slug, endpoint.pk, delivery.pk])
    return reverse(name, args=[slug, endpoint.pk])


def post_data(name, team):
    return {} if name.startswith("integrations:") else None


def write_requests(team):
    """Refused before any lookup: the endpoint's rows are not created here (the suspended
    check fingerprints the database before asking for these)."""
    needed = Capability.MANAGE_INTEGRATIONS
    slug = team.channel.slug
    existing = Endpoint.objects.for_channel(team.channel).first()
    pk = existing.pk if existing else 999999
    delivery = Delivery.objects.filter(endpoint=existing).first() if existing else None
    create = {
        "name": "X",
        "kind": "signed",
        "url": "https://hooks.example.com/x",
        "level": "team",
        "events": ["membership.joined"],
    }
    edit = {"name": "Y", "level": "team", "events": ["membership.joined"]}
    return [
        (needed, reverse("integrations:list", args=[slug]), create),
        (needed, reverse("integrations:detail", args=[slug, pk]), edit),
        (needed, reverse("integrations:delete", args=[slug, pk]), {}),
        (needed, reverse("integrations:rotate", args=[slug, pk]), {}),
        (needed, reverse("integrations:test", args=[slug, pk]), {}),
        (
            needed,
            reverse("integrations:resend", args=[slug, pk, delivery.pk if delivery else 1]),
            {},
        ),
    ]
