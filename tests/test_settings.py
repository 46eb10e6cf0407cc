"""Settings come from the environment; production refuses unsafe ones."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3J9-pQ2vX8_rT5wY1zL6mN4bC7dF0gH-aS9eR2tU5iO8pA3sD6fG1hJ4kL7",
    "ALLOWED_HOSTS": "portal.example.com",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def run_manage(*args, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


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


def test_development_defaults_need_no_environment():
    from django.conf import settings

    assert settings.DATABASES["default"]["ENGINE"]
    result = run_manage("check", env={"DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr


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
call_command("migrate", verbosity=0)
body = Client().get("/accounts/login/").content.decode()
print("TWITCH-BUTTON" if "Twitch" in body else "NO-TWITCH")
"""


def test_twitch_login_appears_when_its_credentials_are_set():
    env = {
        "DATABASE_URL": "sqlite:///:memory:",
        "TWITCH_CLIENT_ID": "abc123",
        "TWITCH_CLIENT_SECRET": "s3cret",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    result = subprocess.run(
        [sys.executable, "-c", TWITCH_CHECK],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "TWITCH-BUTTON" in result.stdout, result.stdout + result.stderr
