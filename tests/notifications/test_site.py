"""Django's sites row follows SITE_NAME and SITE_URL, so allauth never says example.com."""

import pytest
from django.contrib.sites.models import Site

from portal.notifications.sites import sync_site

pytestmark = pytest.mark.django_db


def test_the_sites_row_follows_the_settings(settings):
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("127.0.0.1:8000", "Modportal")  # written on migrate
    settings.SITE_NAME, settings.SITE_URL = "Mod Hub", "https://mods.example.org"
    sync_site()
    site.refresh_from_db()
    assert (site.domain, site.name) == ("mods.example.org", "Mod Hub")
    assert Site.objects.get_current().name == "Mod Hub"  # no stale cached row
