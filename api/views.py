"""Thin views: the owner's token pages and the API's documentation page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from channels.permissions import channel_view
from portal.forms import add_service_error

from . import selectors, services
from .docs import operations
from .forms import TokenForm

SHOWN_ONCE = "api_token_shown_once"


@require_http_methods(["GET", "POST"])
@channel_view(owner=True, write=True)
def tokens(request):
    channel = request.channel
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.token_create(
                channel=channel, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # Kept in the session only until the next page shows it, then gone.
            request.session[SHOWN_ONCE] = {"pk": token.pk, "secret": raw}
            return redirect("api:tokens", slug=channel.slug)
    new = request.session.pop(SHOWN_ONCE, None) if request.method == "GET" else None
    return render(
        request,
        "api/tokens.html",
        {
            "channel": channel,
            "form": form,
            "tokens": selectors.token_list(channel=channel),
            "new_secret": new["secret"] if new else None,
            "new_pk": new["pk"] if new else None,
            "api_root": request.build_absolute_uri("/api/v1/"),
        },
    )


@require_http_methods(["GET", "POST"])
@channel_view(owner=True, write=True)
def token_revoke(request, pk):
    channel = request.channel
    token = selectors.token_get(channel=channel, pk=pk)
    if token is None:
        raise Http404
    if request.method == "POST":
        services.token_revoke(channel=channel, actor=request.user, pk=pk)
        messages.success(request, _("Token revoked: it no longer works."))
        return redirect("api:tokens", slug=channel.slug)
    return render(request, "api/token_revoke.html", {"channel": channel, "token": token})


@require_GET
def docs(request):
    return render(
        request,
        "api/docs.html",
        {"operations": operations(), "schema_url": reverse("api_v1:openapi-json")},
    )
