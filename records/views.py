from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from channels.models import Capability
from channels.permissions import channel_view

from . import selectors, services

HISTORY_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def my_record(request):
    """The person's own service record, with a show/hide choice per entry."""
    if request.method == "POST":
        entry = request.POST.get("entry", "")
        choice = request.POST.get("visible", "")
        if not entry.isdigit() or len(entry) > 18 or choice not in ("0", "1"):
            messages.error(request, _("Choose an entry of your record and show or hide it."))
            return redirect("records:mine")
        record = get_object_or_404(selectors.own_record(request.user), pk=int(entry))
        services.record_set_visibility(record=record, actor=request.user, visible=choice == "1")
        messages.success(
            request,
            _("The entry now shows on your profile.")
            if choice == "1"
            else _("The entry is now hidden from your profile."),
        )
        return redirect("records:mine")
    context = {
        "records": selectors.own_record(request.user),
        "training": selectors.own_training(request.user),
    }
    return render(request, "records/mine.html", context)


@require_http_methods(["GET"])
@channel_view(Capability.MANAGE_TEAM)
def team_history(request):
    """Who served on the team and moved on: roles, dates, how it ended and why a removal was
    made. For the owner and those who manage the team, never on a profile."""
    history = selectors.team_history(request.channel)
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/team_history.html", {"channel": request.channel, "page": page})
