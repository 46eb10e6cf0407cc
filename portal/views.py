from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@require_GET
def home(request):
    return render(request, "portal/home.html")


@login_required
@require_GET
def dashboard(request):
    return render(request, "portal/dashboard.html")


@never_cache
@require_GET
def healthz(request):
    """Database and broker status as JSON: 200 when all are up, 503 otherwise."""
    checks = {"database": health.check_database(), "broker": health.check_broker()}
    if request.GET.get("worker") == "1":
        checks["worker"] = health.check_worker()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
