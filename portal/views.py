import posixpath

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve as static_serve

from . import health


@require_GET
def media(request, path):
    """Uploaded files (avatars) when SERVE_MEDIA is on; a CDN or web server is better at scale.

    Uploads are validated images stored under random names with their real extension, and
    every response carries nosniff, so nothing uploaded is ever served as a page.
    """
    if not settings.SERVE_MEDIA or posixpath.normpath(path).lstrip("/").startswith("resources/"):
        # Training files are served only through their resource's view, which checks access.
        raise Http404
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)


@never_cache
@require_GET
def healthz(request):
    """Database and broker status as JSON: 200 when all are up, 503 otherwise.

    Anyone may ask whether the site is up; only staff or a caller holding HEALTHZ_TOKEN may ask
    for the worker round trip (it holds this web worker up to 5 s) and see the checks' details.
    """
    trusted = health.is_trusted(request)
    if request.GET.get("worker") == "1" and not trusted:
        return JsonResponse(
            {"detail": "The worker check needs staff or HEALTHZ_TOKEN."}, status=403
        )
    checks = {"database": health.check_database(), "broker": health.check_broker()}
    if request.GET.get("worker") == "1":
        checks["worker"] = health.check_worker()
    healthy = all(check["ok"] for check in checks.values())
    if not trusted:
        checks = {name: {"ok": check["ok"]} for name, check in checks.items()}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
