from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from community.hub import landing
from portal import panels


@require_GET
def home(request):
    """The public landing page: what the portal is, open positions, featured resources."""
    return render(request, "portal/home.html", landing())


@login_required
@require_GET
def dashboard(request):
    """The signed-in user's overview: every panel the apps registered, in order."""
    return render(request, "portal/dashboard.html", {"panels": panels.bound_panels(request)})
