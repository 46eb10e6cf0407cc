from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability, Membership, Role
from channels.permissions import channel_view
from channels.selectors import capability_holders
from moderators.services.invitations import invitation_create
from portal import pagecache
from portal.forms import add_service_error
from portal.replicas import replica_reads

from .forms import AnnouncementForm, DirectoryForm, InviteForm, ProfileForm
from .models import Announcement, Profile
from .selectors import DirectoryFilters, announcements_for, profile_page
from .selectors import directory as directory_profiles
from .services.announcements import announcement_delete, announcement_post, announcement_set_pinned
from .services.profiles import profile_for, profile_update

DIRECTORY_PAGE_SIZE = 20
ANNOUNCEMENTS_PAGE_SIZE = 20


@pagecache.public_page("community.profile")
@replica_reads
@require_GET
def profile(request, username):
    """A moderator's public profile; 404 for inactive accounts and people without one."""
    shown = get_object_or_404(
        Profile.objects.select_related("user").prefetch_related("language_rows", "platform_rows"),
        user__username=username,
        user__is_active=True,
    )
    page = profile_page(profile=shown, viewer=request.user)
    return render(
        request,
        "community/profile.html",
        {"page": page, "shown": shown, "can_invite": _invite_roles(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    own = profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                profile_update(
                    user=request.user,
                    actor=request.user,
                    display_name=data["display_name"],
                    time_zone=data["time_zone"],
                    language=data["language"],
                    bio=data["bio"],
                    experience=data["experience"],
                    away_until=data["away_until"],
                    open_to_channels=data["open_to_channels"],
                    accepts_invitations=data["accepts_invitations"],
                    languages=data["languages"],
                    platforms=data["platforms"],
                    hours=data["hours"],
                    private=data["private"],
                    avatar=data["avatar"],
                    remove_avatar=data["remove_avatar"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if request.user.language:
                    # Say it in the language just chosen; the cookie keeps it after logging out.
                    translation.activate(request.user.language)
                messages.success(request, _("Your profile is saved."))
                response = redirect("community:profile", username=request.user.username)
                if request.user.language:
                    response.set_cookie(
                        settings.LANGUAGE_COOKIE_NAME,
                        request.user.language,
                        max_age=settings.LANGUAGE_COOKIE_AGE,
                        secure=settings.LANGUAGE_COOKIE_SECURE,
                        samesite="Lax",
                    )
                return response
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(own))
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("channel")
        .order_by("channel__name")
    )
    return render(
        request,
        "community/profile_edit.html",
        {"form": form, "own": own, "memberships": memberships},
    )


@pagecache.public_page("community.directory")
@replica_reads
@require_GET
def directory(request):
    form = DirectoryForm(request.GET or None)
    filters = DirectoryFilters(time_zone=getattr(request.user, "time_zone", "") or "UTC")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = DirectoryFilters(
            q=data["q"].strip(),
            language=data["language"],
            platform=data["platform"],
            training=data["training"],
            time_zone=data["time_zone"] or filters.time_zone,
            hours=data["available"],
        )
    elif not form.is_bound:
        form = DirectoryForm(initial={"time_zone": filters.time_zone})
    page = Paginator(directory_profiles(filters), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/directory.html",
        {
            "form": form,
            "page": page,
            "filtered": filters.active,
            "can_invite": request.user.is_authenticated and _invite_roles(request.user).exists(),
        },
    )


def _invite_roles(user):
    """Roles of the channels where the user can manage the team, for the invite form."""
    if not user.is_authenticated:
        return Role.objects.none()
    managed = capability_holders(capability=Capability.MANAGE_TEAM, user=user)
    return (
        Role.objects.filter(
            channel__in=managed.values("channel_id"),
            channel__archived_at__isnull=True,
            channel__suspended_at__isnull=True,
        )
        .select_related("channel")
        .order_by("channel__name", "position", "name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, username):
    """Invite a moderator from the directory, through the recruitment app's invitation flow."""
    invitee = get_object_or_404(
        Profile.objects.select_related("user"), user__username=username, user__is_active=True
    )
    roles = _invite_roles(request.user)
    form = InviteForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        try:
            invitation_create(
                channel=role.channel,
                actor=request.user,
                roles=[role],
                username=invitee.user.username,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is invited to %(channel)s.")
                % {"name": invitee.user.shown_name, "channel": role.channel.name},
            )
            return redirect("community:profile", username=invitee.user.username)
    return render(
        request,
        "community/invite.html",
        {"form": form, "invitee": invitee, "has_roles": roles.exists()},
    )


@require_http_methods(["GET", "POST"])
@channel_view(write=True)
def announcements(request):
    can_post = request.access.can(Capability.POST_ANNOUNCEMENTS)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied
        if form.is_valid():
            try:
                announcement_post(channel=request.channel, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Announcement posted to the team."))
                return redirect("community:announcements", slug=request.channel.slug)
    page = Paginator(announcements_for(request.channel), ANNOUNCEMENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/announcements.html",
        {"channel": request.channel, "form": form, "page": page, "can_post": can_post},
    )


@require_POST
@channel_view(Capability.POST_ANNOUNCEMENTS, write=True)
def announcement_pin(request, pk):
    announcement = get_object_or_404(Announcement.objects.for_channel(request.channel), pk=pk)
    announcement_set_pinned(
        announcement=announcement,
        channel=request.channel,
        actor=request.user,
        is_pinned=request.POST.get("pinned") == "1",
    )
    messages.success(request, _("Announcement updated."))
    return redirect("community:announcements", slug=request.channel.slug)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.POST_ANNOUNCEMENTS, write=True)
def announcement_delete_view(request, pk):
    announcement = get_object_or_404(Announcement.objects.for_channel(request.channel), pk=pk)
    if request.method == "POST":
        announcement_delete(announcement=announcement, channel=request.channel, actor=request.user)
        messages.success(request, _("Announcement deleted."))
        return redirect("community:announcements", slug=request.channel.slug)
    return render(
        request,
        "community/announcement_delete.html",
        {"channel": request.channel, "announcement": announcement},
    )
