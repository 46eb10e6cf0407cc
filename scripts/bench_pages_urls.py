"""The site's URLs plus /bench/bare/, a view that does nothing, for scripts/bench_pages.py."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as site_patterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_patterns]
