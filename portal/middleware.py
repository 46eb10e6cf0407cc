"""Request guards that must run before anything reads the request body, and the person's
language and clock."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .locale import zone_or_utc


class UploadSizeLimitMiddleware:
    """Answer 413 to a body larger than UPLOAD_MAX_BYTES before it is read, so nothing reaches
    memory, a temporary file or MEDIA_ROOT. Django reads no more than Content-Length (a body
    without one reads as empty), so the header is the whole of what would be read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty too
        if length > settings.UPLOAD_MAX_BYTES:
            limit_mb = f"{settings.UPLOAD_MAX_BYTES / (1024 * 1024):.3g}"
            body = render_to_string("413.html", {"limit_mb": limit_mb})
            return HttpResponse(body, status=413)
        return self.get_response(request)


class ServedByMiddleware:
    """Name the node that answered in `X-Served-By` (NODE_NAME), static files and errors too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.node = settings.NODE_NAME

    def __call__(self, request):
        response = self.get_response(request)
        if self.node:
            response["X-Served-By"] = self.node
        return response


class PersonalLocaleMiddleware:
    """Speak the signed-in person's language and show times on their clock.

    After AuthenticationMiddleware. Django's LocaleMiddleware has already chosen a language from
    the language cookie (the footer's selector) or the browser's Accept-Language; an account's
    saved language wins over both. Templates then print every aware datetime in the person's
    time zone; signed out, in UTC (the footer says so).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = "UTC"
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
            zone = user.time_zone
        timezone.activate(zone_or_utc(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
