"""The webhook pages: add, secret shown once, edit, test, delete with confirmation, hostile
input, and a delivery log whose query count stays flat."""

import pytest
from django.urls import reverse

from integrations.models import Delivery, Endpoint
from tests.factories import page_queries
from tests.integrations.factories import endpoint

pytestmark = pytest.mark.usefixtures("public_dns")


def form(**overrides):
    return {
        "name": "Mod chat",
        "kind": "discord",
        "url": "https://discord.com/api/webhooks/1/abc",
        "level": "review",
        "events": ["application.submitted", "norms.published"],
        **overrides,
    }


def test_the_owner_adds_a_discord_webhook_and_a_signed_one_sees_its_secret_once(client, team):
    client.force_login(team.owner)
    url = reverse("integrations:list", args=["nova"])
    assert "No webhooks yet" in client.get(url).content.decode()
    response = client.post(url, form())
    hook = Endpoint.objects.get()
    assert response.status_code == 302 and hook.events == [
        "application.submitted",
        "norms.published",
    ]
    client.post(url, form(name="Bot", kind="signed", url="https://hooks.example.com/in"))
    signed = Endpoint.objects.get(kind="signed")
    detail = reverse("integrations:detail", args=["nova", signed.pk])
    assert signed.secret in client.get(detail).content.decode()
    assert signed.secret not in client.get(detail).content.decode()  # once only


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "x" * 500},
        {"name": "bad\x00name"},
        {"url": "https://127.0.0.1/hook", "kind": "signed"},
        {"events": ["application.note_added"]},
        {"level": "public"},  # the application event is above it
        {"kind": "carrier-pigeon"},
        {"mention_role": "everyone"},
        {"mention_role": "9" * 400},
        {
            "mention_role": "123456789012345678",
            "kind": "signed",
            "url": "https://hooks.example.com/",
        },
    ],
)
def test_hostile_input_gets_a_message_and_changes_nothing(client, team, overrides):
    client.force_login(team.owner)
    response = client.post(reverse("integrations:list", args=["nova"]), form(**overrides))
    assert response.status_code == 200 and not Endpoint.objects.exists()


def test_the_team_names_a_discord_role_to_ping_on_the_settings_page(client, team):
    hook, _ = endpoint(team, kind="discord", url="https://discord.com/api/webhooks/1/abc")
    signed, _ = endpoint(team, name="Signed")
    client.force_login(team.owner)
    detail = reverse("integrations:detail", args=["nova", hook.pk])
    assert 'name="mention_role"' in client.get(detail).content.decode()
    settings = {"name": hook.name, "level": hook.level, "events": hook.events, "is_enabled": "on"}
    response = client.post(detail, {**settings, "mention_role": "123456789012345678"})
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.mention_role == "123456789012345678"
    # A signed endpoint has no such field.
    signed_page = reverse("integrations:detail", args=["nova", signed.pk])
    assert 'name="mention_role"' not in client.get(signed_page).content.decode()


def test_delete_asks_first_and_test_queues_a_delivery(client, team):
    hook, _ = endpoint(team)
    client.force_login(team.owner)
    delete = reverse("integrations:delete", args=["nova", hook.pk])
    assert "can't be undone" in client.get(delete).content.decode()
    client.post(reverse("integrations:test", args=["nova", hook.pk]))
    assert Delivery.objects.filter(is_test=True).count() == 1
    client.post(delete)
    assert not Endpoint.objects.exists()


def test_the_delivery_log_query_count_is_flat(client, team):
    hook, _ = endpoint(team)
    client.force_login(team.owner)
    url = reverse("integrations:detail", args=["nova", hook.pk])
    from integrations import services

    services.send_test(channel=team.channel, actor=team.owner, endpoint=hook)
    few = page_queries(client, url)
    for _ in range(10):
        services.send_test(channel=team.channel, actor=team.owner, endpoint=hook)
    assert page_queries(client, url) == few
