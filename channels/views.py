"""Thin views: resolve (channel_view), check, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import pagecache, personalpages
from portal.forms import add_service_error
from portal.replicas import replica_reads

from . import selectors, services
from .defaults import ROLE_TEMPLATES, in_language
from .forms import (
    AuditFilterForm,
    ChannelForm,
    MemberRolesForm,
    RemoveMemberForm,
    RoleForm,
    RoleMoveForm,
    RoleTemplateForm,
    TransferOwnershipForm,
)
from .models import Capability, Membership, Role
from .permissions import channel_view
from .team_columns import team_columns

# Directory, creation and the public page


@replica_reads
@require_GET
def channel_list(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    # get_page turns a missing, odd or out-of-range number into a real page, never an error.
    page = Paginator(selectors.public_channels(query=query), 24).get_page(request.GET.get("page"))
    return render(request, "channels/list.html", {"page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def channel_create(request):
    form = ChannelForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            channel = services.channel_create(
                creator=request.user,
                name=data["name"],
                slug=data["slug"],
                platform=data["platform"],
                platform_url=data["platform_url"],
                description=data["description"],
                languages=data["languages"],
                time_zone=data["time_zone"],
                language=data["language"],
                visibility=data["visibility"],
                avatar=data.get("avatar"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your channel is ready. Next, add your moderators."))
            return redirect("channels:team", slug=channel.slug)
    return render(request, "channels/create.html", {"form": form})


@pagecache.public_page("channels.detail")
@replica_reads
@require_GET
@channel_view(public=True)
def channel_detail(request):
    """Public page: anyone may read it; members also get the team area's tabs."""
    team = list(selectors.public_team(channel=request.channel))
    return render(request, "channels/detail.html", {"channel": request.channel, "team": team})


# Settings, ownership, archiving


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_CHANNEL, write=True)
def channel_settings(request):
    channel = request.channel
    initial = {f: getattr(channel, f) for f in services.CHANNEL_FIELDS}
    form = ChannelForm(
        request.POST or None, request.FILES or None, channel=channel, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        avatar = data.pop("avatar", None)
        try:
            services.channel_update(
                channel=channel,
                actor=request.user,
                avatar=avatar or None,
                remove_avatar=avatar is False,
                **data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Channel settings saved."))
            return redirect("channels:settings", slug=channel.slug)
    return render(request, "channels/settings.html", {"channel": channel, "form": form})


@require_http_methods(["GET", "POST"])
@channel_view(owner=True, write=True)
def channel_transfer(request):
    form = TransferOwnershipForm(request.POST or None, channel=request.channel)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_transfer_ownership(
                channel=request.channel, actor=request.user, new_owner=form.cleaned_data["member"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ownership transferred."))
            return redirect("channels:team", slug=request.channel.slug)
    return render(request, "channels/transfer.html", {"channel": request.channel, "form": form})


@require_http_methods(["GET", "POST"])
@channel_view(owner=True)
def channel_archive(request):
    # Not write=True: restoring is the way out of an archive. The services refuse both
    # while the channel is suspended.
    channel = request.channel
    if request.method == "POST":
        try:
            if channel.is_archived:
                services.channel_restore(channel=channel, actor=request.user)
                messages.success(request, _("The channel is active again."))
            else:
                services.channel_archive(channel=channel, actor=request.user)
                messages.success(
                    request, _("The channel is archived. You can restore it at any time.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("channels:detail", slug=channel.slug)
    return render(request, "channels/archive.html", {"channel": channel})


# Team


def _team_context(request, **extra):
    channel = request.channel
    members = list(selectors.team_list(channel=channel))
    return {
        "channel": channel,
        "members": members,
        "team_columns": team_columns(channel, members),
        **extra,
    }


def _row_context(request, member):
    """One team row, rendered alone (htmx), with the registered columns' values."""
    return {
        "member": member,
        "channel": request.channel,
        "team_columns": team_columns(request.channel, [member]),
    }


@require_GET
@channel_view()
@personalpages.personal_page("channels.team")
def team(request):
    return render(request, "channels/team.html", _team_context(request))


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_TEAM, write=True)
def member_roles(request, pk):
    membership = get_object_or_404(
        Membership.objects.for_channel(request.channel).select_related("user", "added_by"),
        pk=pk,
    )
    # Not `request.POST or None`: a POST with no box ticked is valid and must bind.
    data = request.POST if request.method == "POST" else None
    form = MemberRolesForm(
        data, channel=request.channel, initial={"roles": list(membership.roles.all())}
    )
    if form.is_valid():
        try:
            services.membership_set_roles(
                membership=membership, roles=list(form.cleaned_data["roles"]), actor=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if request.htmx:
                member = selectors.team_list(channel=request.channel).get(pk=membership.pk)
                context = _row_context(request, member)
                return render(request, "partials/channels/member_row.html", context)
            messages.success(request, _("Roles updated."))
            return redirect("channels:team", slug=request.channel.slug)
    context = {"form": form, "member": membership, "channel": request.channel}
    if request.htmx:
        return render(request, "partials/channels/member_roles_form.html", context)
    return render(request, "channels/member_roles.html", context)


@require_GET
@channel_view()
def member_row(request, pk):
    """One team row (htmx: the inline role editor's Cancel)."""
    member = get_object_or_404(selectors.team_list(channel=request.channel), pk=pk)
    return render(request, "partials/channels/member_row.html", _row_context(request, member))


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_TEAM, write=True)
def member_remove(request, pk):
    membership = get_object_or_404(
        Membership.objects.for_channel(request.channel).select_related("user"), pk=pk
    )
    form = RemoveMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(
                membership=membership, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was removed from the team.") % {"name": membership.user.username},
            )
            return redirect("channels:team", slug=request.channel.slug)
    return render(
        request,
        "channels/member_remove.html",
        {"channel": request.channel, "member": membership, "form": form},
    )


@require_http_methods(["GET", "POST"])
@channel_view()
def channel_leave(request):
    membership = get_object_or_404(
        Membership.objects.for_channel(request.channel), pk=request.access.membership_id
    )
    if request.method == "POST":
        try:
            services.membership_leave(membership=membership, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("channels:team", slug=request.channel.slug)
        messages.success(request, _("You left %(name)s.") % {"name": request.channel.name})
        return redirect("dashboard")
    return render(
        request, "channels/leave.html", {"channel": request.channel, "membership": membership}
    )


@require_POST
@channel_view(write=True)
def member_listing(request):
    membership = get_object_or_404(
        Membership.objects.for_channel(request.channel), pk=request.access.membership_id
    )
    try:
        services.membership_set_listed(
            membership=membership, actor=request.user, is_listed=request.POST.get("listed") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your public listing is updated."))
    return redirect("channels:team", slug=request.channel.slug)


# Roles


@require_GET
@channel_view()
def roles(request):
    context = {
        "channel": request.channel,
        "roles": list(selectors.role_list(channel=request.channel)),
        "templates": in_language(ROLE_TEMPLATES, request.channel.language),
    }
    return render(request, "channels/roles.html", context)


def _role_form_view(request, role: Role | None):
    channel = request.channel
    initial = {}
    if role is not None:
        initial = {
            "name": role.name,
            "description": role.description,
            "colour": role.colour,
            "capabilities": sorted(role.capabilities()),
        }
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if role is None:
                services.role_create(channel=channel, actor=request.user, **data)
            else:
                services.role_update(role=role, actor=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Role saved."))
            return redirect("channels:roles", slug=channel.slug)
    return render(
        request, "channels/role_form.html", {"channel": channel, "form": form, "role": role}
    )


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_ROLES, write=True)
def role_create(request):
    return _role_form_view(request, None)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_ROLES, write=True)
def role_edit(request, pk):
    role = get_object_or_404(Role.objects.for_channel(request.channel), pk=pk)
    return _role_form_view(request, role)


@require_POST
@channel_view(Capability.MANAGE_ROLES, write=True)
def role_template(request):
    form = RoleTemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered role templates."))
    else:
        try:
            role = services.role_create_from_template(
                channel=request.channel, actor=request.user, key=form.cleaned_data["template"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Added the %(name)s role.") % {"name": role.name})
    return redirect("channels:roles", slug=request.channel.slug)


@require_POST
@channel_view(Capability.MANAGE_ROLES, write=True)
def role_move(request, pk):
    role = get_object_or_404(Role.objects.for_channel(request.channel), pk=pk)
    form = RoleMoveForm(request.POST)
    if form.is_valid():
        try:
            services.role_move(
                role=role, actor=request.user, direction=form.cleaned_data["direction"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Move a role up or down."))
    return redirect("channels:roles", slug=request.channel.slug)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_ROLES, write=True)
def role_delete(request, pk):
    role = get_object_or_404(Role.objects.for_channel(request.channel), pk=pk)
    if request.method == "POST":
        try:
            services.role_delete(role=role, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The %(name)s role was deleted.") % {"name": role.name})
        return redirect("channels:roles", slug=request.channel.slug)
    holders = list(role.memberships.select_related("user").order_by("user__username"))
    return render(
        request,
        "channels/role_delete.html",
        {"channel": request.channel, "role": role, "holders": holders},
    )


# Audit log


@require_GET
@channel_view(Capability.VIEW_AUDIT_LOG)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.audit_log_page(
        channel=request.channel,
        actor=filters.get("actor", ""),
        action=filters.get("action", ""),
        since=filters.get("since"),
        until=filters.get("until"),
        page=request.GET.get("page"),
    )
    context = {
        "channel": request.channel,
        "form": form,
        "page": page,
        "actors": selectors.team_usernames(channel=request.channel),
    }
    return render(request, "channels/audit.html", context)
