import posixpath

from django.conf import settings
from django.core.files.storage import storages
from django.http import Http404, HttpResponse, JsonResponse
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.static import serve as static_serve

from . import health, storage


@require_GET
def media(request, path):
    """Uploaded files (avatars) when SERVE_MEDIA is on; a CDN or web server is better at scale.

    Uploads are validated images stored under random names with their real extension, and
    every response carries nosniff, so nothing uploaded is ever served as a page.
    """
    if not settings.SERVE_MEDIA or posixpath.normpath(path).lstrip("/").startswith("resources/"):
        # Training files are served only through their resource's view, which checks access.
        raise Http404
    if storage.is_remote(storages["default"]):
        return storage.public_file_response(path)  # the bucket, streamed through this node
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)


def ping(request):
    """A bare view: no database, no session, no template. The floor for throughput figures."""
    return HttpResponse("ok", content_type="text/plain")


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
    # Replicas are reported one by one but never make the node unhealthy: the primary serves
    # their reads while they are skipped.
    replicas = health.check_replicas()
    if not trusted:
        checks = {name: {"ok": check["ok"]} for name, check in checks.items()}
        replicas = {alias: {"ok": check["ok"]} for alias, check in replicas.items()}
    if replicas:
        checks["replicas"] = replicas
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


@csrf_exempt
def set_language(request):
    """Django's set_language without the CSRF check, for the signed-out footer's selector.

    The cached public pages (portal/pagecache.py) are the same for every signed-out visitor, so
    their language form carries no CSRF token. What a forged post could do is set the language
    cookie of someone's browser; it changes no account (a signed-in person's saved language
    wins over the cookie, portal/middleware.py) and nothing else. A GET only redirects back,
    as Django's does."""
    return i18n.set_language(request)
