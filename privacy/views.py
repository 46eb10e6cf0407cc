"""Thin views: the account's data page (export, deletion) and a channel's deletion."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from channels.models import Membership
from channels.permissions import channel_view
from portal.forms import add_service_error
from portal.storage import private_file_response

from . import selectors, services
from .forms import AccountDeletionForm, ChannelDeletionForm
from .models import DataExport


@require_GET
@login_required
def home(request):
    return render(request, "privacy/home.html", selectors.data_page(user=request.user))


@require_POST
@login_required
def export_request(request):
    try:
        export = services.export_request(user=request.user, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("privacy:home")
    if request.htmx:
        return render(request, "partials/privacy/export_status.html", {"export": export})
    messages.success(request, _("Your export is being built. We will email you a link."))
    return redirect("privacy:home")


@require_GET
@vary_on_headers("HX-Request")
@login_required
def export_status(request, pk):
    """The htmx poll of one export's progress (also a plain page without JavaScript)."""
    export = get_object_or_404(DataExport, pk=pk, user=request.user)
    if request.htmx:
        return render(request, "partials/privacy/export_status.html", {"export": export})
    return render(request, "privacy/export_status.html", {"export": export})


@require_GET
@login_required
def export_download(request, pk):
    try:
        export = services.export_for_download(export_id=pk, user=request.user)
    except LookupError:
        raise Http404 from None
    return private_file_response(export.file.name, filename=f"modportal-export-{export.pk}.zip")


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required(allow_get=True)
def account_delete(request):
    form = AccountDeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deletion = services.account_deletion_request(user=request.user, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            logout(request)
            return render(request, "privacy/deletion_scheduled.html", {"deletion": deletion})
    context = selectors.deletion_page(user=request.user)
    return render(request, "privacy/account_delete.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
@channel_view(owner=True)
@reauthentication_required(allow_get=True)
def channel_delete(request):
    channel = request.channel
    form = ChannelDeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_deletion_request(
                channel=channel, actor=request.user, confirm_slug=form.cleaned_data["confirm_slug"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The channel will be deleted. The team has been told."))
            return redirect("privacy:channel_delete", slug=channel.slug)
    context = {
        "channel": channel,
        "form": form,
        "pending": services.channel_deletion_pending(channel),
        "member_count": Membership.objects.for_channel(channel).count(),
    }
    return render(request, "privacy/channel_delete.html", context)


@require_POST
@channel_view(owner=True)
def channel_delete_cancel(request):
    if services.channel_deletion_cancel(channel=request.channel, actor=request.user):
        messages.success(request, _("The deletion is cancelled. The channel stays."))
    return redirect("privacy:channel_delete", slug=request.channel.slug)
