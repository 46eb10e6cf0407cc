"""Django's sites row, kept in step with SITE_NAME and SITE_URL on every migrate.

allauth names the site in account emails and pages from the sites framework, whose first row
says example.com until someone edits it; settings are the one place the name is configured.
"""

from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS


def site_domain_and_name() -> tuple[str, str]:
    return urlsplit(settings.SITE_URL).netloc or "localhost", settings.SITE_NAME


def sync_site(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate handler: write SITE_ID's row from the settings (runs after the sites app
    has created its default row, as that app comes first in INSTALLED_APPS). A flush sends
    post_migrate without `apps`: then the installed models are used, as the sites app does."""
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:  # the sites app is not installed, or not migrated yet
        return
    domain, name = site_domain_and_name()
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": name}
    )
    # The sites framework caches rows per process (SiteManager, kept in migrations): drop them.
    site_model.objects.clear_cache()
