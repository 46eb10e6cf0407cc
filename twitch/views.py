"""The sync page and its actions: thin views over twitch.services."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from portal.forms import add_service_error

from . import eventsub, selectors, services
from .forms import ConfirmForm, RoleStatusForm
from .models import TwitchChange, TwitchDrift, TwitchLink, TwitchListEntry
from .tasks import lists_fetch

log = logging.getLogger(__name__)


def sync_enabled(view):
    """Without Twitch credentials the sync does not exist: 404, before anything else."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.TWITCH_SYNC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _back(request, name="twitch:sync"):
    return redirect(name, slug=request.channel.slug)


@require_GET
@sync_enabled
@channel_view(Capability.MANAGE_TEAM)
def sync(request, form=None):
    channel = request.channel
    roles = selectors.roles_with_status(channel=channel)
    context = {
        "channel": channel,
        "link": TwitchLink.objects.for_channel(channel).first(),
        "account": services.twitch_account(request.user) if request.access.is_owner else None,
        "form": form or RoleStatusForm(roles_with_status=roles),
        "changes": selectors.changes_for(channel=channel),
        "drift": selectors.open_drift(channel=channel),
    }
    return render(request, "twitch/sync.html", context)


@require_POST
@sync_enabled
@channel_view(owner=True, write=True)
def link(request):
    try:
        services.link_create(channel=request.channel, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Channel linked to Twitch. Fetch Twitch's team next."))
    return _back(request)


@require_http_methods(["GET", "POST"])
@sync_enabled
@channel_view(owner=True)
def unlink(request):
    link = get_object_or_404(TwitchLink.objects.for_channel(request.channel))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.link_delete(channel=request.channel, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Channel unlinked from Twitch; its token is deleted."))
            return _back(request)
    return render(
        request, "twitch/unlink.html", {"channel": request.channel, "link": link, "form": form}
    )


@require_POST
@sync_enabled
@channel_view(Capability.MANAGE_TEAM, write=True)
def roles(request):
    roles = selectors.roles_with_status(channel=request.channel)
    form = RoleStatusForm(request.POST, roles_with_status=roles)
    if not form.is_valid():
        messages.error(request, _("Choose moderator, VIP or no Twitch status for each role."))
        return _back(request)
    current = {role.pk: status for role, status in roles}
    try:
        for role, status in form.changes():
            if current.get(role.pk, "") != status:
                services.role_status_set(
                    channel=request.channel, actor=request.user, role=role, status=status
                )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Roles' Twitch status saved."))
    return _back(request)


@require_POST
@sync_enabled
@channel_view(Capability.MANAGE_TEAM, write=True)
def refresh(request):
    try:
        count = services.lists_refresh(channel=request.channel, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Fetched Twitch's team: %(count)d names.") % {"count": count})
    return _back(request, "twitch:import")


@require_GET
@sync_enabled
@channel_view(Capability.MANAGE_TEAM)
def import_team(request):
    channel = request.channel
    rows = selectors.import_rows(channel=channel)
    links = services.import_links(
        channel=channel, actor=request.user, entries=[r.entry for r in rows if r.user is None]
    )
    for row in rows:
        if row.entry.pk in links:
            row.link = request.build_absolute_uri(links[row.entry.pk])
    context = {
        "channel": channel,
        "link": TwitchLink.objects.for_channel(channel).first(),
        "rows": rows,
    }
    return render(request, "twitch/import.html", context)


@require_POST
@sync_enabled
@channel_view(Capability.MANAGE_TEAM, write=True)
def invite(request, pk):
    entry = get_object_or_404(TwitchListEntry.objects.for_channel(request.channel), pk=pk)
    try:
        services.import_invite(channel=request.channel, actor=request.user, entry=entry)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("Invitation sent to %(name)s: they join once they accept.") % {"name": entry.login},
        )
    return _back(request, "twitch:import")


@require_POST
@sync_enabled
@channel_view(Capability.MANAGE_TEAM, write=True)
def retry(request, pk):
    change = get_object_or_404(TwitchChange.objects.for_channel(request.channel), pk=pk)
    try:
        services.change_retry(change=change, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Trying again for %(who)s.") % {"who": change.label})
    return _back(request)


@require_POST
@sync_enabled
@channel_view(Capability.MANAGE_TEAM, write=True)
def drift_resolve(request, pk, how):
    drift = get_object_or_404(TwitchDrift.objects.for_channel(request.channel), pk=pk)
    service = {"adopt": services.drift_adopt, "revert": services.drift_revert}.get(how)
    if service is None:
        raise Http404
    try:
        service(drift=drift, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Resolved the difference for %(who)s.") % {"who": drift.login})
    return _back(request)


@require_http_methods(["GET", "POST"])
@sync_enabled
@login_required
def join(request, token):
    data = services.join_link_read(token)
    account = services.twitch_account(request.user)
    if request.method == "POST" and data is not None:
        try:
            services.join_link_accept(token=token, actor=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your invitation is waiting: accept it to join the team."))
            return redirect("moderators:my_invitations")
    context = {
        "valid": data is not None,
        "matches": data is not None and account is not None and account.uid == data.get("t"),
        "account": account,
    }
    return render(request, "twitch/join.html", context, status=200 if data else 400)


@csrf_exempt
@require_POST
@sync_enabled
def eventsub_callback(request):
    """Twitch's EventSub webhook (see eventsub.py): signed by Twitch and fresh; a message id seen
    before is acknowledged and ignored."""
    if not settings.TWITCH_EVENTSUB_SECRET:
        raise Http404
    try:
        payload = eventsub.verify(headers=request.headers, body=request.body)
    except eventsub.Refused:
        return HttpResponseForbidden()
    except eventsub.AlreadySeen:
        return HttpResponse(status=204)  # a redelivery: acknowledged, and nothing done again
    kind = request.headers.get("Twitch-Eventsub-Message-Type", "")
    if kind == "webhook_callback_verification":
        challenge = str(payload.get("challenge", ""))
        return HttpResponse(challenge, content_type="text/plain")
    if kind == "notification":
        for link_id in eventsub.linked_channels_for(payload):
            try:
                lists_fetch.delay(link_id)
            except Exception:
                log.warning("Could not enqueue a Twitch list fetch; the periodic one will.")
    return HttpResponse(status=204)
