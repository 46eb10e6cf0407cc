"""Thin views: resolve, check, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from portal.forms import add_service_error

from . import feeds, selectors, services
from .forms import StreamForm, stream_initial
from .models import StreamNeed


def _stream(request, pk):
    stream = selectors.stream_get(channel=request.channel, pk=pk)
    if stream is None:
        raise Http404
    return stream


def _shift(request, pk):
    shift = selectors.shift_get(channel=request.channel, pk=pk)
    if shift is None:
        raise Http404
    return shift


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("shifts:schedule", slug=request.channel.slug)


def _done(request, call, success: str):
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(success))
    return _back(request)


@require_GET
@channel_view()
def schedule(request):
    channel = request.channel
    context = {
        "channel": channel,
        "occurrences": selectors.schedule(channel=channel),
        "streams": selectors.streams_list(channel=channel),
        "manage": request.access.can(Capability.MANAGE_TEAM),
        "my_roles": selectors.roles_of(channel=channel, user=request.user),
        "is_owner": request.access.is_owner,
        "settings": selectors.settings_of(channel),
    }
    return render(request, "shifts/schedule.html", context)


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def schedule_settings(request):
    wanted = request.POST.get("swaps_need_approval", "") in ("on", "1", "true")
    services.schedule_settings_update(
        channel=request.channel, actor=request.user, swaps_need_approval=wanted
    )
    if wanted:
        messages.success(request, _("From now on, every swap waits for a lead's approval."))
    else:
        messages.success(request, _("Swaps take effect at once, except on streams that ask."))
    return redirect("shifts:schedule", slug=request.channel.slug)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_TEAM, write=True)
def stream_create(request):
    channel = request.channel
    form = StreamForm(request.POST if request.method == "POST" else None, channel=channel)
    if form.is_valid():
        try:
            services.stream_create(channel=channel, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Stream added to the schedule."))
            return redirect("shifts:schedule", slug=channel.slug)
    return render(request, "shifts/stream_form.html", {"channel": channel, "form": form})


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_TEAM, write=True)
def stream_edit(request, pk):
    channel = request.channel
    stream = _stream(request, pk)
    if request.method == "POST":
        form = StreamForm(request.POST, channel=channel)
    else:
        form = StreamForm(initial=stream_initial(stream), channel=channel)
    if form.is_valid():
        try:
            services.stream_update(stream=stream, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Stream saved. Those signed up were told of a move."))
            return redirect("shifts:schedule", slug=channel.slug)
    context = {"channel": channel, "form": form, "stream": stream}
    return render(request, "shifts/stream_form.html", context)


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def stream_delete(request, pk):
    stream = _stream(request, pk)
    services.stream_delete(stream=stream, actor=request.user)
    messages.success(request, _("Stream removed. Those signed up were told."))
    return redirect("shifts:schedule", slug=request.channel.slug)


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def adopt_twitch(request, pk):
    stream = _stream(request, pk)
    return _done(
        request,
        lambda: services.stream_adopt_twitch(stream=stream, actor=request.user),
        _("The stream now follows Twitch's schedule."),
    )


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def occurrence_cancel(request, pk):
    stream = _stream(request, pk)
    day = services.parse_day(request.POST.get("occurs_on", ""))
    return _done(
        request,
        lambda: services.occurrence_cancel(stream=stream, actor=request.user, occurs_on=day),
        _("Stream cancelled for that day. Those signed up were told."),
    )


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def occurrence_move(request, pk):
    stream = _stream(request, pk)
    day = services.parse_day(request.POST.get("occurs_on", ""))
    moved_on = services.parse_day(request.POST.get("moved_on", ""))
    moved_time = services.parse_time(request.POST.get("moved_time", ""))
    if moved_on is None or moved_time is None:
        messages.error(request, _("Give the new date and start time."))
        return _back(request)
    return _done(
        request,
        lambda: services.occurrence_move(
            stream=stream,
            actor=request.user,
            occurs_on=day,
            moved_on=moved_on,
            moved_time=moved_time,
        ),
        _("Stream moved for that day. Those signed up were told."),
    )


@require_POST
@channel_view(write=True)
def sign_up(request, pk):
    try:
        need = StreamNeed.objects.for_channel(request.channel).filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        need = None
    if need is None:
        raise Http404
    raw = request.POST.get("occurs_on", "")
    day = services.parse_day(raw) if raw else None
    if raw and day is None:
        messages.error(request, _("The stream does not take place on that day."))
        return _back(request)
    return _done(
        request,
        lambda: services.shift_sign_up(need=need, actor=request.user, occurs_on=day),
        _("You are signed up. A reminder comes before the stream."),
    )


def _on_shift(service, success: str):
    """A member's own POST on one shift of the channel: withdraw, offer, take."""

    @require_POST
    @channel_view(write=True)
    def view(request, pk):
        shift = _shift(request, pk)
        return _done(request, lambda: service(shift=shift, actor=request.user), success)

    return view


withdraw = _on_shift(services.shift_withdraw, gettext_lazy("You withdrew from the shift."))
offer = _on_shift(
    services.shift_offer, gettext_lazy("Your shift is offered for a swap. The team has been told.")
)


@require_POST
@channel_view(write=True)
def take(request, pk):
    shift = _shift(request, pk)
    try:
        taken = services.shift_take(shift=shift, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if taken.taker_id:
            messages.success(
                request, _("Asked to take the shift. It is yours once a lead approves the swap.")
            )
        else:
            messages.success(request, _("Swap done: the shift is yours."))
    return _back(request)


@require_POST
@channel_view(Capability.MANAGE_TEAM, write=True)
def approve(request, pk):
    shift = _shift(request, pk)
    approve = "refuse" not in request.POST and request.POST.get("decision") != "refuse"
    return _done(
        request,
        lambda: services.shift_approve(shift=shift, actor=request.user, approve=approve),
        _("Swap approved.") if approve else _("Swap declined. Both were told."),
    )


@require_GET
@login_required
def next_panel(request):
    """The dashboard panel's content: the user's next shifts and streams that need them."""
    context = {
        "upcoming": selectors.next_shifts_for(request.user),
        "open": selectors.open_for(request.user),
        "next_url": reverse("dashboard"),
    }
    return render(request, "partials/shifts/next_panel.html", context)


def _feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("shifts:feed", kwargs={"token": feed.token}))


@require_http_methods(["GET", "POST"])
@channel_view()
def channel_calendar(request):
    reset = request.method == "POST"
    feed = services.feed_for(user=request.user, channel=request.channel, reset=reset)
    if reset:
        messages.success(request, _("New address made. The old one no longer works."))
        return redirect("shifts:channel_calendar", slug=request.channel.slug)
    context = {"channel": request.channel, "feed_url": _feed_url(request, feed)}
    return render(request, "shifts/channel_calendar.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def my_calendar(request):
    reset = request.method == "POST"
    feed = services.feed_for(user=request.user, reset=reset)
    if reset:
        messages.success(request, _("New address made. The old one no longer works."))
        return redirect("shifts:my_calendar")
    context = {
        "feed_url": _feed_url(request, feed),
        "upcoming": selectors.next_shifts_for(request.user, limit=50),
        "open": selectors.open_for(request.user, limit=20),
        "next_url": reverse("shifts:my_calendar"),
    }
    return render(request, "shifts/my_calendar.html", context)


@require_GET
def feed(request, token):
    found = selectors.feed_by_token(token)
    if found is None:
        raise Http404
    if found.channel is None:
        shifts = selectors.user_shifts_all(found.user)
        exceptions = selectors.exceptions_of({s.stream_id for s in shifts})
        body = feeds.person_feed(user=found.user, shifts=shifts, exceptions=exceptions)
    else:
        body = feeds.channel_feed(
            channel=found.channel, streams=selectors.streams_for_feed(channel=found.channel)
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
