from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services, tokens
from .forms import InboxFilterForm, PreferencesForm
from .models import Notification

PAGE_SIZE = 25
CHANGED = "notifications-changed"  # htmx event: the header badge listens for it


def _inbox_form(request, data):
    channels, events = selectors.inbox_filter_choices(user=request.user)
    return InboxFilterForm(data, channels=channels, events=events)


def _back_to_inbox(request) -> str:
    """Where a mark-read form returns: the inbox page it came from, never another site."""
    target = request.POST.get("next", "")
    inbox = reverse("notifications:inbox")
    if target.startswith(inbox) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return inbox


@login_required
@require_GET
def inbox(request):
    form = _inbox_form(request, request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.warning(request, _("That filter isn't available, so all notifications are shown."))
    filters = form.filters()
    rows = selectors.inbox_list(user=request.user, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "is_filtered": any(filters.values()),
        "unread_count": selectors.unread_count(user=request.user),
    }
    return render(request, "notifications/inbox.html", context)


@never_cache
@require_GET
def badge(request):
    """The header's unread count, for htmx; 204 (nothing to swap) once signed out."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    context = {"unread_count": selectors.unread_count(user=request.user)}
    return render(request, "partials/notifications/badge.html", context)


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(
        Notification.objects.for_user(request.user).select_related("actor", "channel"), pk=pk
    )
    services.notification_mark_read(notification=notification)
    if request.htmx:
        response = render(
            request,
            "partials/notifications/item.html",
            {"notification": notification, "next": _back_to_inbox(request)},
        )
        response["HX-Trigger"] = CHANGED
        return response
    messages.success(request, _("Marked as read."))
    return redirect(_back_to_inbox(request))


@login_required
@require_POST
def mark_all_read(request):
    form = _inbox_form(request, request.POST)
    filters = form.filters()
    count = services.notifications_mark_all_read(
        user=request.user, channel_id=filters["channel_id"], event=filters["event"]
    )
    if count:
        messages.success(request, _("Marked %(count)d as read.") % {"count": count})
    else:
        messages.info(request, _("Nothing was unread."))
    return redirect(_back_to_inbox(request))


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request, pk):
    """POST (the inbox's link, the page's button): mark read and go to the object.

    GET (the link in emails) only shows the notification with that button: mail scanners
    and link previews fetch links, and must not mark anything read.
    """
    notification = get_object_or_404(
        Notification.objects.for_user(request.user).select_related("actor", "channel"), pk=pk
    )
    if request.method == "POST":
        services.notification_mark_read(notification=notification)
        return redirect(services.safe_local_url(notification.target_url) or "notifications:inbox")
    return render(request, "notifications/open.html", {"notification": notification})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    channels = selectors.preference_channels(user=request.user)
    current = selectors.preferences_for_user(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, channels=channels, current=current)
    if form.is_valid():
        try:
            changed = services.preferences_save(user=request.user, choices=form.choices())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if changed:
                messages.success(request, _("Your notification settings are saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("notifications:preferences")
    context = {"form": form, "digest_hour": settings.NOTIFICATIONS_DIGEST_HOUR}
    return render(request, "notifications/preferences.html", context)


@csrf_exempt  # RFC 8058: mail providers POST one-click unsubscribes with no session or token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST applies."""
    try:
        request_unsubscribe = tokens.unsubscribe_parse(token)
    except signing.SignatureExpired:
        return render(
            request, "notifications/unsubscribe_invalid.html", {"expired": True}, status=400
        )
    except signing.BadSignature:
        return render(
            request, "notifications/unsubscribe_invalid.html", {"expired": False}, status=400
        )
    context = {
        "unsubscribe": request_unsubscribe,
        "channel_name": selectors.channel_name(channel_id=request_unsubscribe.channel_id),
        "token": token,
    }
    if request.method == "POST":
        services.unsubscribe_apply(unsubscribe=request_unsubscribe)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe.html", context)
