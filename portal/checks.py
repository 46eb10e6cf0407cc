"""Deploy checks (`manage.py check --deploy`): what would stay on one node in production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_state(app_configs, **kwargs):
    """Several web nodes need one cache: rate limits, used TOTP codes and cached sessions."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "The cache is local to each process, so rate limits and one-time codes do not "
                "hold across web nodes.",
                hint="Set REDIS_URL.",
                id="portal.W001",
            )
        ]
    return []


@checks.register(checks.Tags.database, deploy=True)
def replicas_are_postgresql(app_configs, **kwargs):
    return [
        checks.Error(
            f"{alias} is not PostgreSQL: DATABASE_REPLICA_URLS lists streaming replicas.",
            id="portal.E001",
        )
        for alias, database in settings.DATABASES.items()
        if alias.startswith("replica_") and database["ENGINE"] != "django.db.backends.postgresql"
    ]
