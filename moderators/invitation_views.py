"""Invitation pages: the team's invite form and list, the link, the invitee's answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from portal.forms import add_service_error

from . import selectors
from .invitation_forms import DeclineForm, InvitationForm
from .models import Invitation
from .panels import SESSION_TOKEN
from .services import invitations as service


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# The team's side


def _team_page(request, form=None):
    channel = request.channel
    context = {
        "channel": channel,
        "form": form or InvitationForm(channel=channel),
        "invitations": list(selectors.pending_for_channel(channel=channel)),
    }
    return render(request, "moderators/invitation_team.html", context)


@require_GET
@channel_view(Capability.MANAGE_TEAM)
def team_invitations(request):
    return _team_page(request)


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def invitation_send(request):
    form = InvitationForm(request.POST, channel=request.channel)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = service.invitation_create(
                channel=request.channel,
                actor=request.user,
                roles=list(data["roles"]),
                username=data["username"],
                email=data["email"],
                message=data["message"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(who)s.") % {"who": invitation.invitee_label}
            )
            return redirect("moderators:team_invitations", slug=request.channel.slug)
    return _team_page(request, form)


def _team_invitation(request, pk) -> Invitation:
    return get_object_or_404(
        Invitation.objects.for_channel(request.channel).select_related("invited_user"), pk=pk
    )


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_TEAM, write=True)
def invitation_revoke(request, pk):
    invitation = _team_invitation(request, pk)
    if request.method == "POST":
        try:
            service.invitation_revoke(invitation=invitation, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The invitation is revoked: its link no longer works."))
        return redirect("moderators:team_invitations", slug=request.channel.slug)
    context = {"channel": request.channel, "invitation": invitation}
    return render(request, "moderators/invitation_revoke.html", context)


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def invitation_resend(request, pk):
    invitation = _team_invitation(request, pk)
    try:
        service.invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Sent again to %(who)s with a new link.") % {"who": invitation.invitee_label},
        )
    return redirect("moderators:team_invitations", slug=request.channel.slug)


# The invited person's side


@require_GET
def invitation_link(request, token):
    """The emailed link. Anonymous visitors are told what it is and asked to sign in or up;
    the token waits in their session. A used, expired, revoked or foreign link changes nothing."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return render(request, "moderators/invitation_invalid.html", status=404)
    context = {
        "invitation": invitation,
        "roles": list(invitation.roles.all()),
        "expired": invitation.has_expired(),
        "link": request.path,
    }
    if not request.user.is_authenticated:
        # Kept for after logging in or signing up: the dashboard points back to it.
        request.session[SESSION_TOKEN] = token
        return render(request, "moderators/invitation_anonymous.html", context)
    if not invitation.is_for(request.user):
        # A clear page of its own rather than the generic 403: the person holding someone
        # else's link learns what to do, and nothing about the invitation.
        return render(request, "moderators/invitation_foreign.html", context)
    context["can_answer"] = invitation.is_open()
    context["decline_form"] = DeclineForm()
    return render(request, "moderators/invitation.html", context)


def _own_invitation(request, pk) -> Invitation:
    """An invitation addressed to the signed-in user, or 404: someone else's is not theirs
    to learn about."""
    invitation = get_object_or_404(Invitation.objects.select_related("channel"), pk=pk)
    if not invitation.is_for(request.user):
        raise Http404
    return invitation


@login_required
@require_GET
def my_invitations(request):
    context = {"invitations": list(selectors.pending_for_user(user=request.user))}
    return render(request, "moderators/invitation_list.html", context)


@login_required
@require_POST
def invitation_accept(request, pk):
    invitation = _own_invitation(request, pk)
    try:
        service.invitation_accept(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("moderators:my_invitations")
    request.session.pop(SESSION_TOKEN, None)
    messages.success(
        request,
        _("Welcome to the team of %(channel)s!") % {"channel": invitation.channel.name},
    )
    return redirect(reverse("channels:detail", kwargs={"slug": invitation.channel.slug}))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_decline(request, pk):
    invitation = _own_invitation(request, pk)
    if request.method == "POST":
        form = DeclineForm(request.POST)
        block = form.is_valid() and form.cleaned_data["block"]
        try:
            service.invitation_decline(invitation=invitation, actor=request.user, block=block)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            request.session.pop(SESSION_TOKEN, None)
            if block:
                messages.success(
                    request,
                    _("Declined. %(channel)s can't invite you again.")
                    % {"channel": invitation.channel.name},
                )
            else:
                messages.success(request, _("Invitation declined."))
        return redirect("moderators:my_invitations")
    context = {
        "invitation": invitation,
        "form": DeclineForm(initial={"block": request.GET.get("block") == "1"}),
    }
    return render(request, "moderators/invitation_decline.html", context)
