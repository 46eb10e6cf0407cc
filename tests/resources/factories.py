"""Training-resource state built through the services, plus fast clones for size tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from channels.models import Membership
from resources import services
from resources.models import ChecklistItem, Kind, Resource, ResourceRole, ResourceTag
from resources.services.common import index_for_search
from tests.factories import UserFactory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def owner_of(channel):
    return Membership.objects.for_channel(channel).get(is_owner=True).user


def upload(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


def make_resource(channel, *, actor=None, kind=Kind.ARTICLE, title="Welcome guide", **fields):
    actor = actor or owner_of(channel)
    defaults = {
        Kind.ARTICLE: {"body": "Read **this** first."},
        Kind.LINK: {"url": "https://example.org/guide"},
        Kind.CHECKLIST: {"items": ["Read the norms", "Shadow a stream", "Ask a question"]},
        Kind.FILE: {"upload": upload(PNG, "diagram.png")},
        Kind.EXERCISE: {},  # its questions live in the exercises app
    }[kind]
    return services.resource_create(
        channel=channel, actor=actor, kind=kind, title=title, **{**defaults, **fields}
    )


def make_platform_resource(*, title="Moderator roles", **fields):
    staff = UserFactory(is_staff=True, is_superuser=True)
    fields.setdefault("body", "Every team divides the work.")
    return services.platform_resource_create(actor=staff, kind=Kind.ARTICLE, title=title, **fields)


def clone_resources(resource: Resource, count: int, *, channel=None, shared=None) -> list:
    """Copies of a service-built resource with its tags, roles and items: many rows, quickly."""
    channel_id = resource.channel_id if channel is None else channel.pk
    copies = Resource.objects.bulk_create(
        Resource(
            channel_id=channel_id,
            kind=resource.kind,
            title=f"{resource.title} {n}",
            summary=resource.summary,
            body=resource.body,
            url=resource.url,
            estimated_minutes=resource.estimated_minutes,
            shared_at=resource.shared_at if shared is None else shared,
            shared_by_id=resource.shared_by_id,
        )
        for n in range(count)
    )
    tags = list(resource.tags.values_list("name", flat=True))
    ResourceTag.objects.bulk_create(
        ResourceTag(channel_id=channel_id, resource=copy, name=name)
        for copy in copies
        for name in tags
    )
    links = list(resource.role_links.all())
    ResourceRole.objects.bulk_create(
        ResourceRole(
            channel_id=channel_id, resource=copy, role_id=link.role_id, required=link.required
        )
        for copy in copies
        for link in links
    )
    items = list(resource.items.all())
    ChecklistItem.objects.bulk_create(
        ChecklistItem(channel_id=channel_id, resource=copy, position=i.position, text=i.text)
        for copy in copies
        for i in items
    )
    index_for_search([c.pk for c in copies])
    return copies
