"""Sign-in with Twitch follows the portal's settings for every Twitch address: the authorize
page (TWITCH_ID_BASE_URL), the code exchange (TWITCH_TOKEN_URL, from TWITCH_ID_BASE_URL by
default) and the profile read (TWITCH_API_BASE_URL), shown by a whole sign-in against the
local server answering as Twitch. Run in a fresh process: the provider is installed only when
the credentials are set when settings load."""

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

from tests.test_settings import ROOT, SETTINGS_VARIABLES
from tests.twitch.fake_twitch import CLIENT_ID, CLIENT_SECRET, FakeTwitch

SIGN_IN = """
import django
django.setup()
from urllib.parse import parse_qs, urlsplit
from django.core.management import call_command
from django.test import Client
from allauth.socialaccount.providers import registry
from django.apps import apps
from django.conf import settings
# The tables straight from the models, without replaying every migration (most of the
# run's time): the page reads no row a data migration writes.
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
print("PROVIDER", registry.get_class("twitch").__name__)
client = Client()
answer = client.post("/accounts/twitch/login/")
authorize = answer["Location"]
print("AUTHORIZE", authorize)
state = parse_qs(urlsplit(authorize).query)["state"][0]
answer = client.get("/accounts/twitch/login/callback/", {"code": "code-42", "state": state})
print("CALLBACK", answer.status_code, answer.get("Location", ""))
"""


def test_sign_in_reaches_twitch_only_at_the_addresses_the_settings_give():
    fake = FakeTwitch().start()
    try:
        fake.user("4242", "newcomer")
        fake.codes["code-42"] = "4242"
        env = {
            "DATABASE_URL": "sqlite:///:memory:",
            "ALLOWED_HOSTS": "testserver",
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "TWITCH_CLIENT_ID": CLIENT_ID,
            "TWITCH_CLIENT_SECRET": CLIENT_SECRET,
            "TWITCH_ID_BASE_URL": fake.url,
            "TWITCH_API_BASE_URL": f"{fake.url}/helix",
        }
        clean = {
            k: v
            for k, v in os.environ.items()
            if k not in SETTINGS_VARIABLES and not k.startswith("TWITCH_")
        }
        result = subprocess.run(
            [sys.executable, "-c", SIGN_IN],
            cwd=ROOT,
            env={**clean, **env},
            capture_output=True,
            text=True,
            timeout=180,
        )
        out = result.stdout + result.stderr
        lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
        assert lines.get("PROVIDER") == "PortalTwitchProvider", out
        authorize = urlsplit(lines["AUTHORIZE"])
        assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == (
            f"{fake.url}/oauth2/authorize"
        ), out
        assert parse_qs(authorize.query)["client_id"] == [CLIENT_ID]
        # The code was exchanged at the local server, and the profile read there with its token.
        assert [e.get("code") for e in fake.exchanges] == ["code-42"], out
        assert fake.exchanges[0]["grant_type"] == "authorization_code"
        profile = fake.calls("GET", "/helix/users")
        assert len(profile) == 1 and profile[0].token.startswith("access-"), out
        status, location = lines["CALLBACK"].split(" ", 1)
        assert status == "302" and "error" not in location, out
    finally:
        fake.stop()
