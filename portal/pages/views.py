"""The pages that gather every app: home, dashboard, the community hub and the team-health
page. Each shows what the apps registered (portal/panels.py, channels/health.py) and imports
no feature app; adding a section never means editing a page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from channels.health import bound_sections
from channels.models import Capability
from channels.permissions import channel_view
from portal import panels, personalpages
from portal.replicas import replica_reads


@replica_reads
@require_GET
def home(request):
    """The public landing page: what the portal is, open positions, featured resources."""
    return render(request, "portal/home.html", panels.gathered(panels.home_parts, request))


@login_required
@require_GET
@personalpages.personal_page("portal.dashboard")
def dashboard(request):
    """The signed-in user's overview: every panel the apps registered, in order."""
    return render(request, "portal/dashboard.html", {"panels": panels.bound_panels(request)})


@login_required
@require_GET
@personalpages.personal_page("portal.hub")
def hub(request):
    """The signed-in community hub: announcements, openings, featured resources, your tasks."""
    tasks = panels.tasks_for(request.user)
    context = {
        **panels.gathered(panels.hub_parts, request),
        "tasks": tasks,
        "has_tasks": any(tasks.values()),
    }
    return render(request, "portal/hub.html", context)


@require_GET
@channel_view(Capability.MANAGE_TEAM)
@personalpages.personal_page("portal.team_health")
def team_health(request):
    """Owners and leads: every section the apps registered for the channel's team health."""
    return render(
        request,
        "portal/team_health.html",
        {"channel": request.channel, "sections": bound_sections(request.channel)},
    )
