"""The community library: sharing, adding to another channel, bookmarks, reports, and what
platform admins do (platform resources, featuring, unpublishing, resolving reports)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability, Channel
from channels.services import audit_record
from channels.services.guards import require_manager, require_platform_permission, require_signed_in
from portal.notifications.services import notify
from portal.ratelimits import over_limit
from portal.text import clean_text

from ..audit import ResourceAction
from ..models import REPORT_MAX, Bookmark, Kind, Report, ReportState, Resource
from .common import clean_items, clean_minutes, clean_tags, index_for_search
from .library import _clean_heading, fill_content, set_items

MODERATE = "resources.moderate_community"
# Spam guard: reports one person may send in an hour, counted by django-ratelimit in the
# shared cache so every web process agrees.
REPORTS_PER_HOUR = 10


def _visible(resource: Resource) -> Resource:
    """The resource as it is now in the community library, or PermissionDenied."""
    try:
        return (
            Resource.objects.community()
            .select_related("channel", "shared_by", "created_by")
            .get(pk=resource.pk)
        )
    except Resource.DoesNotExist:
        raise PermissionDenied("This resource is not in the community library.") from None


@transaction.atomic
def resource_share(*, resource: Resource, actor, shared: bool = True) -> Resource:
    """Share a channel resource platform-wide with the channel's name on it, or withdraw it.
    Copies other channels made stay theirs."""
    if resource.channel_id is None:
        raise ValidationError(_("Platform resources are always in the community library."))
    require_manager(resource.channel, actor, Capability.MANAGE_RESOURCES)
    resource = (
        Resource.objects.select_for_update(of=("self",))
        .select_related("channel")
        .get(pk=resource.pk)
    )
    if shared == resource.is_shared:
        return resource
    if shared and resource.copied_from_id is not None:
        raise ValidationError(
            _("This resource came from the community library: the original is already shared.")
        )
    resource.shared_at = timezone.now() if shared else None
    resource.shared_by = actor if shared else None
    resource.save(update_fields=["shared_at", "shared_by"])
    audit_record(
        channel=resource.channel,
        actor=actor,
        action=ResourceAction.RESOURCE_SHARED if shared else ResourceAction.RESOURCE_UNSHARED,
        target=resource,
    )
    return resource


@transaction.atomic
def resource_add_to_channel(*, resource: Resource, channel: Channel, actor) -> Resource:
    """Copy a community resource into a channel's library, keeping the link to the original;
    the person who shared it is told."""
    require_manager(channel, actor, Capability.MANAGE_RESOURCES)
    resource = _visible(resource)
    if resource.channel_id == channel.pk:
        raise ValidationError(_("This resource is already your channel's own."))
    if Resource.objects.for_channel(channel).filter(copied_from=resource).exists():
        raise ValidationError(_("Your channel's library already has this resource."))
    copy = Resource(
        channel=channel,
        kind=resource.kind,
        language=resource.language,
        title=resource.title,
        summary=resource.summary,
        body=resource.body,
        url=resource.url,
        file_type=resource.file_type,
        file_name=resource.file_name,
        file_size=resource.file_size,
        estimated_minutes=resource.estimated_minutes,
        created_by=actor,
        copied_from=resource,
    )
    if resource.kind == Kind.FILE and resource.file:
        with resource.file.open("rb") as original:
            copy.file.save(resource.file_name, ContentFile(original.read()), save=False)
    copy.save()
    tags = list(resource.tags.values_list("name", flat=True))
    copy.tags.bulk_create(copy.tags.model(channel=channel, resource=copy, name=n) for n in tags)
    set_items(copy, list(resource.items.values_list("text", flat=True)))
    index_for_search([copy.pk])
    audit_record(
        channel=channel,
        actor=actor,
        action=ResourceAction.RESOURCE_ADDED,
        target=copy,
        after={"original": resource.pk, "from": resource.channel.name if resource.channel else ""},
    )
    if resource.shared_by is not None:
        notify(
            event="resource.added",
            recipients=[resource.shared_by],
            channel=resource.channel,
            actor=actor,
            target=resource,
            context={"title": resource.title, "other_channel": channel.name},
        )
    return copy


@transaction.atomic
def bookmark_set(*, resource: Resource, actor, bookmarked: bool = True) -> bool:
    require_signed_in(actor)
    _visible(resource)
    if bookmarked:
        Bookmark.objects.get_or_create(user=actor, resource=resource)
    else:
        Bookmark.objects.filter(user=actor, resource=resource).delete()
    return bookmarked


@transaction.atomic
def report_create(*, resource: Resource, actor, reason: str) -> Report:
    """Tell the platform admins what is wrong with a community resource (one open report
    per person and resource)."""
    require_signed_in(actor)
    _visible(resource)
    reason = clean_text(reason, field="reason", required=True)
    if len(reason) > REPORT_MAX:
        raise ValidationError(
            {"reason": _("Keep the report under %(max)s characters.") % {"max": REPORT_MAX}}
        )
    if Report.objects.filter(resource=resource, reporter=actor, state=ReportState.OPEN).exists():
        raise ValidationError(_("You already reported this resource; the platform team is on it."))
    if over_limit(group="resources.report_create", key=str(actor.pk), rate=f"{REPORTS_PER_HOUR}/h"):
        raise ValidationError(_("You've sent many reports in the last hour. Please try later."))
    return Report.objects.create(resource=resource, reporter=actor, reason=reason)


def _owners(resource: Resource) -> list:
    return [user for user in (resource.shared_by, resource.created_by) if user is not None]


@transaction.atomic
def report_resolve(*, report: Report, actor, resolution: str) -> Report:
    """Close a report with what was done; whoever shared the resource is told."""
    require_platform_permission(actor, MODERATE)
    report = Report.objects.select_for_update().select_related("resource").get(pk=report.pk)
    if report.state == ReportState.RESOLVED:
        return report
    resolution = clean_text(resolution, field="resolution", required=True)[:REPORT_MAX]
    report.state, report.resolved_by = ReportState.RESOLVED, actor
    report.resolved_at, report.resolution = timezone.now(), resolution
    report.save()
    resource = report.resource
    notify(
        event="resource.report_resolved",
        recipients=_owners(resource),
        channel=resource.channel,
        actor=actor,
        target=resource,
        context={"title": resource.title, "resolution": resolution},
    )
    return report


@transaction.atomic
def resource_feature(*, resource: Resource, actor, featured: bool = True) -> Resource:
    require_platform_permission(actor, MODERATE)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.is_featured == featured:
        return resource
    resource.is_featured = featured
    resource.save(update_fields=["is_featured"])
    if resource.channel_id is not None and featured:
        audit_record(
            channel=resource.channel,
            actor=actor,
            action=ResourceAction.RESOURCE_FEATURED,
            target=resource,
        )
    return resource


@transaction.atomic
def resource_unpublish(*, resource: Resource, actor, unpublished: bool = True) -> Resource:
    """Take a resource out of the community library (or put it back); its channel keeps it."""
    require_platform_permission(actor, MODERATE)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if (resource.unpublished_at is not None) == unpublished:
        return resource
    resource.unpublished_at = timezone.now() if unpublished else None
    resource.save(update_fields=["unpublished_at"])
    if resource.channel_id is not None and unpublished:
        audit_record(
            channel=resource.channel,
            actor=actor,
            action=ResourceAction.RESOURCE_UNPUBLISHED,
            target=resource,
        )
    return resource


@transaction.atomic
def platform_resource_create(
    *,
    actor,
    kind: str,
    title: str,
    summary: str = "",
    body: str = "",
    url: str = "",
    items=(),
    tags=(),
    estimated_minutes: int = 5,
    featured: bool = False,
    language: str = "en",
) -> Resource:
    """A platform resource (no channel) in the community library, written by platform admins
    in `language` (channels in that language are offered it as a starter guide)."""
    require_platform_permission(actor, MODERATE)
    if kind not in (Kind.ARTICLE, Kind.LINK, Kind.CHECKLIST):
        raise ValidationError({"kind": _("Platform resources are articles, links or checklists.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    resource = Resource(
        kind=kind,
        language=language,
        created_by=actor,
        shared_at=timezone.now(),
        shared_by=actor,
    )
    _clean_heading(resource, title, summary)
    resource.estimated_minutes = clean_minutes(estimated_minutes)
    resource.is_featured = featured
    tag_names = clean_tags(tags)
    texts = clean_items(items) if kind == Kind.CHECKLIST else []
    fill_content(resource, body=body, url=url)
    resource.save()
    resource.tags.bulk_create(resource.tags.model(resource=resource, name=n) for n in tag_names)
    set_items(resource, texts)
    index_for_search([resource.pk])
    return resource
