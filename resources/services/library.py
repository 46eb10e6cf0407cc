"""A channel's library: add, change and delete resources, and which roles they are for.
Managed by members who can manage resources, only while the channel is writable."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from channels.models import Capability, Channel, Role
from channels.services import audit_changes, audit_record
from channels.services.guards import require_manager
from portal.notifications.services import notify
from portal.text import clean_text

from ..audit import ResourceAction
from ..models import (
    BODY_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    ChecklistItem,
    Completion,
    Kind,
    Resource,
    ResourceRole,
)
from ..validation import clean_link, inspect_upload
from .common import (
    clean_items,
    clean_minutes,
    clean_tags,
    index_for_search,
    set_tags,
)

RESOURCE_FIELDS = (
    "title",
    "summary",
    "body",
    "url",
    "upload",
    "items",
    "tags",
    "estimated_minutes",
    "roles",
    "required_roles",
)


# What a resource's audit record carries (its events' data, declared in resources/plugin.py).
SNAPSHOT_FIELDS = (
    "title",
    "summary",
    "kind",
    "url",
    "file",
    "estimated_minutes",
    "tags",
    "items",
    "roles",
    "required",
)


def _snapshot(resource: Resource) -> dict:
    return {
        "title": resource.title,
        "summary": resource.summary,
        "kind": resource.kind,
        "url": resource.url,
        "file": resource.file_name,
        "estimated_minutes": resource.estimated_minutes,
        "tags": [tag.name for tag in resource.tags.all()],
        "items": [item.text for item in resource.items.all()],
        "roles": sorted(link.role.name for link in resource.role_links.select_related("role")),
        "required": sorted(
            link.role.name for link in resource.role_links.select_related("role") if link.required
        ),
    }


def fill_content(resource: Resource, *, body="", url="", upload=None) -> None:
    """Set the content of the resource's kind; every other kind's content stays empty."""
    if resource.kind == Kind.ARTICLE:
        resource.body = clean_text(body, field="body", required=True)
        if len(resource.body) > BODY_MAX:
            raise ValidationError(
                {"body": _("Keep the article under %(max)s characters.") % {"max": BODY_MAX}}
            )
    elif resource.kind == Kind.LINK:
        resource.url = clean_link(url)
    elif resource.kind == Kind.FILE:
        mime, name = inspect_upload(upload)
        resource.file_type, resource.file_name, resource.file_size = mime, name, upload.size
        # Through the storage API (a random name under resources/), never a filesystem path.
        resource.file.save(name, upload, save=False)


def _clean_heading(resource: Resource, title, summary) -> None:
    resource.title = clean_text(title, field="title", required=True)
    resource.summary = clean_text(summary, field="summary")
    if len(resource.title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Keep the title under %(max)s characters.") % {"max": TITLE_MAX}}
        )
    if len(resource.summary) > SUMMARY_MAX:
        raise ValidationError(
            {"summary": _("Keep the summary under %(max)s characters.") % {"max": SUMMARY_MAX}}
        )


def set_items(resource: Resource, texts: list[str]) -> None:
    ChecklistItem.objects.filter(resource=resource).delete()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(channel_id=resource.channel_id, resource=resource, position=i, text=text)
        for i, text in enumerate(texts)
    )


def _check_roles(channel: Channel, roles: Iterable[Role], required: Iterable[Role]):
    roles, required = set(roles or ()), set(required or ())
    for role in roles | required:
        if role.channel_id != channel.pk:
            raise ValidationError({"roles": _("Choose roles of this channel.")})
    return roles | required, required


def _set_roles(resource: Resource, actor, roles: set[Role], required: set[Role]) -> None:
    """Replace the roles; members of a role that newly requires the resource are told."""
    before = {
        link.role_id: link.required for link in ResourceRole.objects.filter(resource=resource)
    }
    ResourceRole.objects.filter(resource=resource).delete()
    ResourceRole.objects.bulk_create(
        ResourceRole(
            channel_id=resource.channel_id, resource=resource, role=role, required=role in required
        )
        for role in roles
    )
    for role in sorted(required, key=lambda r: r.position):
        if before.get(role.pk):
            continue
        members = get_user_model().objects.filter(
            memberships__channel=resource.channel, memberships__roles=role
        )
        notify(
            event="resource.required",
            recipients=members,
            channel=resource.channel,
            actor=actor,
            target=resource,
            context={"title": resource.title, "role": role.name},
        )


@transaction.atomic
def resource_create(
    *,
    channel: Channel,
    actor,
    kind: str,
    title: str,
    summary: str = "",
    body: str = "",
    url: str = "",
    upload=None,
    items: Iterable[str] | str = (),
    tags: Iterable[str] | str = (),
    estimated_minutes: int = 5,
    roles: Iterable[Role] = (),
    required_roles: Iterable[Role] = (),
) -> Resource:
    require_manager(channel, actor, Capability.MANAGE_RESOURCES)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose an article, a link, a file or a checklist.")})
    resource = Resource(channel=channel, kind=kind, language=channel.language, created_by=actor)
    _clean_heading(resource, title, summary)
    resource.estimated_minutes = clean_minutes(estimated_minutes)
    tag_names = clean_tags(tags)
    texts = clean_items(items) if kind == Kind.CHECKLIST else []
    all_roles, required = _check_roles(channel, roles, required_roles)
    fill_content(resource, body=body, url=url, upload=upload)
    resource.save()
    set_tags(resource, tag_names)
    set_items(resource, texts)
    _set_roles(resource, actor, all_roles, required)
    index_for_search([resource.pk])
    audit_record(
        channel=channel,
        actor=actor,
        action=ResourceAction.RESOURCE_CREATED,
        target=resource,
        after=_snapshot(resource),
    )
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, actor, **fields) -> Resource:
    """Change a channel resource. New checklist items reset everyone's ticks on it; a file
    is replaced only when a new one is given."""
    if resource.channel_id is None:
        raise ValidationError(_("Platform resources are changed in the admin."))
    require_manager(resource.channel, actor, Capability.MANAGE_RESOURCES)
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"not resource fields: {sorted(unknown)}")
    resource = (
        Resource.objects.select_for_update(of=("self",))
        .select_related("channel")
        .get(pk=resource.pk)
    )
    before = _snapshot(resource)
    _clean_heading(
        resource, fields.get("title", resource.title), fields.get("summary", resource.summary)
    )
    if "estimated_minutes" in fields:
        resource.estimated_minutes = clean_minutes(fields["estimated_minutes"])
    if resource.kind == Kind.ARTICLE and "body" in fields:
        fill_content(resource, body=fields["body"])
    if resource.kind == Kind.LINK and "url" in fields:
        fill_content(resource, url=fields["url"])
    if resource.kind == Kind.FILE and fields.get("upload") is not None:
        fill_content(resource, upload=fields["upload"])
    if resource.kind == Kind.CHECKLIST and "items" in fields:
        texts = clean_items(fields["items"])
        if texts != before["items"]:
            set_items(resource, texts)
            Completion.objects.filter(resource=resource).delete()
    if "tags" in fields:
        set_tags(resource, clean_tags(fields["tags"]))
    if "roles" in fields or "required_roles" in fields:
        all_roles, required = _check_roles(
            resource.channel, fields.get("roles", ()), fields.get("required_roles", ())
        )
        _set_roles(resource, actor, all_roles, required)
    resource.save()
    index_for_search([resource.pk])
    after = _snapshot(resource)
    audit_changes(
        channel=resource.channel,
        actor=actor,
        action=ResourceAction.RESOURCE_UPDATED,
        target=resource,
        before=before,
        after=after,
    )
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, actor) -> None:
    if resource.channel_id is None:
        raise ValidationError(_("Platform resources are removed in the admin."))
    require_manager(resource.channel, actor, Capability.MANAGE_RESOURCES)
    snapshot = _snapshot(resource)
    audit_record(
        channel=resource.channel,
        actor=actor,
        action=ResourceAction.RESOURCE_DELETED,
        target=resource,
        before=snapshot,
    )
    stored = resource.file.name if resource.file else ""
    resource.delete()
    if stored:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
