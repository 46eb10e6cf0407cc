"""Thin views: resolve, check, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from portal.forms import add_service_error

from . import catalogue, selectors, services
from .forms import EndpointEditForm, EndpointForm
from .models import EndpointKind

SECRET_KEY = "integrations.secret"
PAGE_SIZE = 25


def _endpoint(request, pk):
    endpoint = selectors.endpoint_get(request.channel, pk)
    if endpoint is None:
        raise Http404
    return endpoint


def _detail(request, endpoint):
    return redirect("integrations:detail", slug=request.channel.slug, pk=endpoint.pk)


def _show_secret_once(request, endpoint, secret):
    request.session[SECRET_KEY] = {"endpoint": endpoint.pk, "secret": secret}


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_INTEGRATIONS, write=True)
def endpoint_list(request):
    channel = request.channel
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                channel=channel, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if secret:
                _show_secret_once(request, endpoint, secret)
            messages.success(request, _("Webhook added. Send a test event to check it."))
            return _detail(request, endpoint)
    context = {
        "channel": channel,
        "endpoints": selectors.endpoint_list(channel),
        "form": form,
    }
    return render(request, "integrations/list.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_INTEGRATIONS, write=True)
def endpoint_detail(request, pk):
    endpoint = _endpoint(request, pk)
    initial = {
        "name": endpoint.name,
        "level": endpoint.level,
        "events": endpoint.events,
        "mention_role": endpoint.mention_role,
        "is_enabled": endpoint.is_enabled,
    }
    form = EndpointEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if endpoint.kind != EndpointKind.DISCORD:
        del form.fields["mention_role"]
    if form.is_valid():
        try:
            services.endpoint_update(
                channel=request.channel, actor=request.user, endpoint=endpoint, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Webhook saved."))
            return _detail(request, endpoint)
    shown = request.session.pop(SECRET_KEY, None) if request.method == "GET" else None
    secret = shown["secret"] if shown and shown.get("endpoint") == endpoint.pk else ""
    page = Paginator(selectors.delivery_log(endpoint), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {event.name: event.label for event in catalogue.offered()}
    for row in page.object_list:
        row.label = labels.get(row.event.kind, row.event.kind) if row.event_id else ""
    context = {
        "channel": request.channel,
        "endpoint": endpoint,
        "form": form,
        "secret": secret,
        "page": page,
    }
    return render(request, "integrations/detail.html", context)


@require_POST
@channel_view(Capability.MANAGE_INTEGRATIONS, write=True)
def rotate(request, pk):
    endpoint = _endpoint(request, pk)
    try:
        secret = services.endpoint_rotate_secret(
            channel=request.channel, actor=request.user, endpoint=endpoint
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _show_secret_once(request, endpoint, secret)
        messages.success(
            request, _("New secret made. The old one keeps signing for 24 hours: switch now.")
        )
    return _detail(request, endpoint)


@require_POST
@channel_view(Capability.MANAGE_INTEGRATIONS, write=True)
def send_test(request, pk):
    endpoint = _endpoint(request, pk)
    services.send_test(channel=request.channel, actor=request.user, endpoint=endpoint)
    messages.success(request, _("Test event queued. Its attempt shows in the log below."))
    return _detail(request, endpoint)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_INTEGRATIONS, write=True)
def delete(request, pk):
    endpoint = _endpoint(request, pk)
    if request.method == "POST":
        services.endpoint_delete(channel=request.channel, actor=request.user, endpoint=endpoint)
        messages.success(request, _("Webhook removed. Nothing more is sent to it."))
        return redirect("integrations:list", slug=request.channel.slug)
    return render(
        request, "integrations/delete.html", {"channel": request.channel, "endpoint": endpoint}
    )


@require_POST
@channel_view(Capability.MANAGE_INTEGRATIONS, write=True)
def resend(request, pk, delivery):
    endpoint = _endpoint(request, pk)
    row = selectors.delivery_get(endpoint, delivery)
    if row is None:
        raise Http404
    try:
        services.resend(channel=request.channel, actor=request.user, delivery=row)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent again, with the same webhook-id."))
    return _detail(request, endpoint)
