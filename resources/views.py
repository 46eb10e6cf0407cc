"""Thin views: resolve, check, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from portal import pagecache, personalpages
from portal.forms import add_service_error
from portal.replicas import replica_reads

from . import selectors, services
from .forms import (
    AddToChannelForm,
    CommunityFilterForm,
    LibraryFilterForm,
    ReportForm,
    ResourceForm,
)
from .kinds import preview_of
from .models import ChecklistItem, Kind, Resource


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _channel_resource(request, pk: int) -> Resource:
    """A resource of this channel; an id of another channel (or a platform one) is a 404."""
    return get_object_or_404(
        Resource.objects.for_channel(request.channel).select_related("channel"), pk=pk
    )


def _file_response(resource: Resource) -> FileResponse:
    """The stored file with the type read from its content at upload, never sniffed: images
    inline, PDFs as a download, and a sandbox so nothing in them runs as this site."""
    if resource.kind != Kind.FILE or not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=resource.file_type,
        as_attachment=not resource.is_image,
        filename=resource.file_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# The channel's library


@require_GET
@channel_view()
@personalpages.personal_page("resources.library")
def library(request):
    tags = selectors.channel_tags(request.channel)
    filter_form = LibraryFilterForm(request.GET, channel=request.channel, tags=tags)
    filters = filter_form.filters()
    page = selectors.library_page(
        channel=request.channel,
        user=request.user,
        filters=selectors.LibraryFilters(**filters),
        page=request.GET.get("page"),
    )
    context = {
        "channel": request.channel,
        "form": filter_form,
        "page": page,
        "filtered": any(filters.values()),
        "starters": selectors.starter_guides(request.channel),
    }
    return render(request, "resources/library.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def create(request):
    kind = request.GET.get("kind", "")
    if kind not in Kind.values:
        return render(
            request, "resources/choose_kind.html", {"channel": request.channel, "kinds": Kind}
        )
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ResourceForm(*data, channel=request.channel, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                channel=request.channel, actor=request.user, kind=kind, **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Resource added to the library."))
            return redirect(resource.get_absolute_url())
    context = {"channel": request.channel, "form": form, "kind": Kind(kind)}
    return render(request, "resources/resource_form.html", context)


@require_GET
@channel_view()
def detail(request, pk):
    try:
        resource = selectors.resource_for_member(channel=request.channel, pk=pk, user=request.user)
    except Resource.DoesNotExist:
        raise Http404 from None
    items = list(resource.items.all())
    context = {
        "channel": request.channel,
        "resource": resource,
        "items": items,
        "ticked": sum(1 for item in items if item.ticked),
    }
    return render(request, "resources/detail.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def edit(request, pk):
    resource = _channel_resource(request, pk)
    links = list(resource.role_links.all())
    initial = {
        "title": resource.title,
        "summary": resource.summary,
        "body": resource.body,
        "url": resource.url,
        "items": "\n".join(resource.items.values_list("text", flat=True)),
        "tags": ", ".join(resource.tags.values_list("name", flat=True)),
        "estimated_minutes": resource.estimated_minutes,
        "roles": [link.role_id for link in links],
        "required_roles": [link.role_id for link in links if link.required],
    }
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ResourceForm(
        *data, initial=initial, channel=request.channel, kind=resource.kind, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(resource=resource, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Resource saved."))
            return redirect(resource.get_absolute_url())
    context = {
        "channel": request.channel,
        "form": form,
        "resource": resource,
        "kind": Kind(resource.kind),
    }
    return render(request, "resources/resource_form.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def delete(request, pk):
    resource = _channel_resource(request, pk)
    if request.method == "POST":
        try:
            services.resource_delete(resource=resource, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(resource.get_absolute_url())
        messages.success(request, _("Resource deleted."))
        return redirect("resources:library", slug=request.channel.slug)
    return render(
        request, "resources/delete.html", {"channel": request.channel, "resource": resource}
    )


@require_GET
@channel_view()
def file(request, pk):
    return _file_response(_channel_resource(request, pk))


@require_POST
@channel_view(write=True)
def mark_done(request, pk):
    resource = _channel_resource(request, pk)
    done = request.POST.get("done") != "0"
    try:
        services.resource_mark_done(resource=resource, actor=request.user, done=done)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Marked as done.") if done else _("Marked as not done yet."))
    return redirect(resource.get_absolute_url())


@require_POST
@channel_view(write=True)
def tick(request, pk, item_pk):
    # Both through the channel: an item of another channel's checklist is a 404.
    resource = _channel_resource(request, pk)
    item = get_object_or_404(
        ChecklistItem.objects.filter(channel=request.channel, resource=resource), pk=item_pk
    )
    ticked = request.POST.get("ticked") != "0"
    try:
        complete = services.item_tick(item=item, actor=request.user, ticked=ticked)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if complete and ticked:
            messages.success(request, _("Checklist complete. Well done!"))
    return redirect(f"{resource.get_absolute_url()}#item-{item.pk}")


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def share(request, pk):
    resource = _channel_resource(request, pk)
    if request.method == "POST":
        shared = request.POST.get("shared") != "0"
        try:
            services.resource_share(resource=resource, actor=request.user, shared=shared)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Shared with the community library.")
                if shared
                else _("Withdrawn from the community library."),
            )
        return redirect(resource.get_absolute_url())
    return render(
        request, "resources/share.html", {"channel": request.channel, "resource": resource}
    )


@require_GET
@channel_view(Capability.MANAGE_RESOURCES)
def progress(request):
    grid = selectors.progress_grid(request.channel)
    return render(request, "resources/progress.html", {"channel": request.channel, **grid})


# The community library


@pagecache.public_page("resources.community")
@replica_reads
@require_GET
def community(request):
    tags = selectors.community_tags()
    filter_form = CommunityFilterForm(
        request.GET, tags=tags, signed_in=request.user.is_authenticated
    )
    filters = filter_form.filters()
    page = selectors.community_page(
        user=request.user,
        filters=selectors.CommunityFilters(**filters),
        page=request.GET.get("page"),
    )
    context = {"form": filter_form, "page": page, "filtered": any(filters.values())}
    return render(request, "resources/community.html", context)


def _community_resource(request, pk: int) -> Resource:
    try:
        return selectors.community_resource(pk=pk, user=request.user)
    except Resource.DoesNotExist:
        raise Http404 from None


@replica_reads
@require_GET
def community_detail(request, pk):
    resource = _community_resource(request, pk)
    channels = selectors.managed_channels(request.user)
    context = {
        "resource": resource,
        "items": list(resource.items.all()),
        "can_add": bool([c for c in channels if c.pk != resource.channel_id]),
        "kind_preview": preview_of(resource),  # a kind of another app (resources/kinds.py)
    }
    return render(request, "resources/community_detail.html", context)


@require_GET
def community_file(request, pk):
    return _file_response(_community_resource(request, pk))


@login_required
@require_POST
def bookmark(request, pk):
    resource = _community_resource(request, pk)
    bookmarked = request.POST.get("bookmarked") != "0"
    services.bookmark_set(resource=resource, actor=request.user, bookmarked=bookmarked)
    messages.success(request, _("Bookmarked.") if bookmarked else _("Bookmark removed."))
    return redirect("resources:community_detail", pk=resource.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    resource = _community_resource(request, pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                resource=resource, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: the platform team will look at your report."))
            return redirect("resources:community_detail", pk=resource.pk)
    return render(request, "resources/report.html", {"resource": resource, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def add_to_channel(request, pk):
    resource = _community_resource(request, pk)
    channels = [c for c in selectors.managed_channels(request.user) if c.pk != resource.channel_id]
    copies = selectors.copies_in(channels, resource)
    form = AddToChannelForm(request.POST if request.method == "POST" else None, channels=channels)
    if request.method == "POST" and channels and form.is_valid():
        channel = form.chosen()
        try:
            copy = services.resource_add_to_channel(
                resource=resource, channel=channel, actor=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Added to the library of %(channel)s.") % {"channel": channel.name},
            )
            return redirect(
                reverse("resources:detail", kwargs={"slug": channel.slug, "pk": copy.pk})
            )
    context = {
        "resource": resource,
        "form": form,
        "channels": channels,
        "copies": [(c, copies[c.pk]) for c in channels if c.pk in copies],
    }
    return render(request, "resources/add_to_channel.html", context)
