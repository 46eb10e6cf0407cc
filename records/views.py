from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services


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
