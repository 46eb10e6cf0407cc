"""Settings come from the environment; production refuses unsafe ones."""

import os
import subprocess
from pathlib import Path

from tests import forkserver

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3J9-pQ2vX8_rT5wY1zL6mN4bC7dF0gH-aS9eR2tU5iO8pA3sD6fG1hJ4kL7",
    "ALLOWED_HOSTS": "portal.example.com",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "SECURE_PROXY_SSL_HEADER": "true",
    "EMAIL_HOST": "smtp.example.com",
}
# Every variable a test here may set; each run starts without any of them.
SETTINGS_VARIABLES = {*PRODUCTION, "EMAIL_BACKEND", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}


def run_manage(*args, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES
        and k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return forkserver.run(["manage.py", *args], cwd=ROOT, env={**clean, **env})


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    env = {**PRODUCTION, "SECRET_KEY": "django-insecure-" + "a" * 50}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_documented_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_needs_only_debug_true():
    result = run_manage("check", env={"DEBUG": "true", "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr


def show_settings(*names: str, env: dict) -> list[str]:
    """The named settings as the project computes them for this environment."""
    values = ", ".join(f"settings.{name}" for name in names)
    code = f"from django.conf import settings; print({values})"
    result = run_manage("shell", "-v", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_missing_debug_means_production():
    env = {k: v for k, v in PRODUCTION.items() if k not in ("DEBUG", "SECRET_KEY")}
    refused = run_manage("check", env=env)
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr

    env["SECRET_KEY"] = PRODUCTION["SECRET_KEY"]
    shown = show_settings("DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", env=env)
    assert shown == ["False", "True", "True"]


def test_production_refuses_to_start_without_a_real_email_backend():
    env = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_HOST"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "email must reach people: set EMAIL_HOST" in result.stderr

    for backend in ("console", "locmem", "dummy", "filebased"):
        env["EMAIL_BACKEND"] = f"django.core.mail.backends.{backend}.EmailBackend"
        result = run_manage("check", env=env)
        assert result.returncode != 0, backend
        assert "delivers nothing" in result.stderr


def test_production_starts_with_an_smtp_host():
    assert run_manage("check", env=PRODUCTION).returncode == 0
    shown = show_settings("EMAIL_BACKEND", env=PRODUCTION)
    assert shown == ["django.core.mail.backends.smtp.EmailBackend"]


def test_production_accepts_an_explicitly_chosen_real_backend():
    env = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_HOST"}
    env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    assert run_manage("check", env=env).returncode == 0


def test_the_test_suite_runs_in_explicit_development_mode():
    from django.conf import settings

    assert os.environ["DJANGO_SETTINGS_MODULE"] == "tests.settings"
    assert os.environ["DEBUG"] == "true"
    assert settings.SECRET_KEY == "django-insecure-development-only-key-do-not-use-in-production"


def test_postgres_uses_the_connection_pool():
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        import pytest

        pytest.skip("run with DATABASE_URL=postgres://… to check the pool")
    assert db["OPTIONS"]["pool"]["max_size"] >= 1


TWITCH_CHECK = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.apps import apps
from django.conf import settings
# The tables straight from the models, without replaying every migration (most of the
# run's time): the page reads no row a data migration writes.
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
body = Client().get("/accounts/login/").content.decode()
print("TWITCH-BUTTON" if "Twitch" in body else "NO-TWITCH")
"""


def test_twitch_login_appears_when_its_credentials_are_set():
    env = {
        "DATABASE_URL": "sqlite:///:memory:",
        "TWITCH_CLIENT_ID": "abc123",
        "TWITCH_CLIENT_SECRET": "s3cret",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    result = forkserver.run(["-c", TWITCH_CHECK], cwd=ROOT, env={**clean, **env})
    assert "TWITCH-BUTTON" in result.stdout, result.stdout + result.stderr
