"""The pages that gather every app: the dashboard renders the panels apps registered."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels.models import Channel, Role
from moderators.services.invitations import invitation_create
from portal import panels
from portal.pages.management.commands.seed_demo import DEMO_PASSWORD
from tests.factories import PASSWORD, ChannelFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db

# session, user, memberships with channels, their roles, applications, invitations (and
# their roles, when there are any), the norms and training panels (two), pinned
# announcements, and the channels whose changes make the person's cached copy stale
# (portal/personalpages.py)
DASHBOARD_BUDGET = 11


def dashboard_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def join_channels(user, count: int, start: int) -> None:
    for n in range(start, start + count):
        ChannelFactory(name=f"Owned {n}", slug=f"owned-{n}", owner=user)
        other = ChannelFactory(name=f"Moderated {n}", slug=f"moderated-{n}")
        add_member(other, user=user, roles=["Moderator", "Trainee"])


def invite_to(user, count: int, start: int) -> None:
    for n in range(start, start + count):
        owner = UserFactory(username=f"inviter{n}")
        channel = ChannelFactory(name=f"Invited {n}", slug=f"invited-{n}", owner=owner)
        kwargs = {"username": user.username} if n % 2 else {"email": user.email}
        invitation_create(
            channel=channel,
            actor=owner,
            roles=list(Role.objects.for_channel(channel).filter(name="Trainee")),
            **kwargs,
        )


def test_dashboard_queries_do_not_grow_with_the_channels(client):
    user = UserFactory(username="busy")
    client.force_login(user)
    join_channels(user, 1, start=0)
    small, body = dashboard_queries(client)
    assert "Owned 0" in body and "Moderated 0" in body
    invite_to(user, 1, start=0)
    small, body = dashboard_queries(client)
    assert "Invited 0" in body
    join_channels(user, 6, start=1)
    invite_to(user, 6, start=1)
    large, body = dashboard_queries(client)
    assert "Owned 6" in body and "Moderated 6" in body and "Trainee" in body
    assert "Invited 4" in body  # the panel shows the newest five
    assert large == small <= DASHBOARD_BUDGET


def test_the_channels_app_registers_its_dashboard_panel():
    names = [panel.name for panel in panels.registered_panels()]
    assert "channels.your_channels" in names


def test_dashboard_renders_every_registered_panel_in_order(client, monkeypatch):
    first = panels.Panel(
        name="tests.first", template="portal/home.html", context=lambda request: {}, order=-1
    )
    client.force_login(UserFactory(username="reader"))
    with panels.dashboard_panels.registered(first):
        body = client.get(reverse("dashboard")).content.decode()
    assert "tests.first" not in panels.dashboard_panels  # undone after the block
    first = body.index("Build the moderator team your community deserves")
    assert first < body.index("Channels you own") < body.index("Channels you moderate")


def test_a_second_panel_cannot_take_a_registered_name():
    panel = panels.registered_panels()[0]
    assert (
        panels.register_panel(
            name=panel.name, template=panel.template, context=panel.context, order=panel.order
        )
        == panel
    )
    with pytest.raises(ImproperlyConfigured):
        panels.register_panel(name=panel.name, template="other.html", context=panel.context)


def test_home_and_dashboard_keep_their_url_names(client):
    assert reverse("home") == "/"
    assert reverse("dashboard") == "/dashboard/"
    assert client.get("/dashboard/")["Location"].startswith(reverse("account_login"))


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    admin = UserFactory(username="admin", is_staff=True)
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD) and not admin.check_password(DEMO_PASSWORD)
    assert not Channel.objects.exists()


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    admin = UserFactory(username="admin", is_staff=True)
    call_command("seed_demo", force=True)
    admin.refresh_from_db()
    assert admin.check_password(DEMO_PASSWORD)
    assert Channel.objects.filter(name="Nova Streams").exists()
