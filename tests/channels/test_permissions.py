"""One permission mechanism and the registries apps fill: |can, channel tabs, audit labels."""

import pytest
from django.db import models
from django.template import Context, Template
from django.urls import reverse

from channels import services
from channels.audit import register_actions, unregister_actions
from channels.permissions import NO_ACCESS, access_for
from channels.tabs import register_tab, unregister_tab

pytestmark = pytest.mark.django_db


def render_can(access, capability: str) -> str:
    template = Template(
        '{% load portal %}{% if access|can:"' + capability + '" %}yes{% else %}no{% endif %}'
    )
    return template.render(Context({"access": access}))


def test_can_answers_for_known_capabilities(team):
    lead = access_for(channel=team.channel, user=team.lead)
    assert render_can(lead, "can_manage_team") == "yes"
    assert render_can(lead, "can_manage_roles") == "no"
    assert render_can(NO_ACCESS, "can_manage_team") == "no"


@pytest.mark.parametrize("access", ["lead", "none"])
def test_can_refuses_an_unknown_capability_like_the_decorator(team, access):
    access = access_for(channel=team.channel, user=team.lead) if access == "lead" else NO_ACCESS
    with pytest.raises(ValueError, match="can_manage_teams"):
        render_can(access, "can_manage_teams")


def test_can_refuses_a_page_without_channel_access():
    with pytest.raises(TypeError):
        render_can(None, "can_manage_team")


@pytest.fixture
def clips_tab():
    """What an app's AppConfig.ready() does to add its tab."""
    register_tab(
        name="clips",
        label="Clips",
        url_name="channels:roles",
        capability="can_manage_roles",
        order=50,
    )
    yield
    unregister_tab("clips")


# Other installed apps (recruitment, …) add tabs of their own; these tests look at these.
CHANNEL_TABS = {"Overview", "Team", "Roles", "Clips", "Audit log", "Settings"}


def tab_labels(links: list[str]) -> list[str]:
    labels = [link.split(">")[1].split("<")[0] for link in links]
    return [label for label in labels if label in CHANNEL_TABS]


def tab_links(body: str) -> list[str]:
    nav = body.split('<nav class="tabs" aria-label="Channel">')[1].split("</nav>")[0]
    return [line.strip() for line in nav.split("\n") if "<a " in line]


def test_a_registered_tab_shows_to_members_who_may_see_it(client, team, clips_tab):
    client.force_login(team.owner)
    roles = reverse("channels:roles", args=["nova"])
    links = tab_links(client.get(roles).content.decode())
    assert tab_labels(links) == ["Overview", "Team", "Roles", "Clips", "Audit log", "Settings"]
    assert f'<a href="{roles}" aria-current="page">Clips</a>' in links
    team_links = tab_links(client.get(reverse("channels:team", args=["nova"])).content.decode())
    assert f'<a href="{roles}">Clips</a>' in team_links
    # The lead can't manage roles: no Clips tab, no Settings tab.
    client.force_login(team.lead)
    body = client.get(reverse("channels:team", args=["nova"])).content.decode()
    assert tab_labels(tab_links(body)) == ["Overview", "Team", "Roles", "Audit log"]


def test_the_public_page_shows_tabs_to_members_only(client, team):
    detail = reverse("channels:detail", args=["nova"])
    assert '<nav class="tabs"' not in client.get(detail).content.decode()
    client.force_login(team.outsider)
    assert '<nav class="tabs"' not in client.get(detail).content.decode()
    client.force_login(team.trainee)
    links = tab_links(client.get(detail).content.decode())
    assert links[0] == f'<a href="{detail}" aria-current="page">Overview</a>'


def test_a_tab_with_a_misspelt_capability_fails_at_registration():
    with pytest.raises(ValueError):
        register_tab(name="typo", label="Typo", url_name="channels:team", capability="can_fly")
    with pytest.raises(ValueError):
        register_tab(name="team", label="Team again", url_name="channels:team")


class ClipAction(models.TextChoices):
    """What another app (say, clips) declares and registers from its ready()."""

    MADE = "clip.made", "Clip made"


@pytest.fixture
def clip_actions():
    register_actions(ClipAction)
    yield
    unregister_actions(ClipAction)


def test_the_audit_log_reads_labels_from_the_registry(client, team, clip_actions):
    services.audit_record(
        channel=team.channel, actor=team.owner, action=ClipAction.MADE, target=team.channel
    )
    client.force_login(team.owner)
    url = reverse("channels:audit", args=["nova"])
    body = client.get(url).content.decode()
    assert '<option value="clip.made">Clip made</option>' in body
    assert '<option value="membership.added">Member added</option>' in body
    rows = client.get(url, {"action": "clip.made"}).content.decode().split("<tbody>")[1]
    assert "Clip made" in rows and "Member added" not in rows


def test_an_action_registered_twice_with_another_label_is_refused(clip_actions):
    class Clash(models.TextChoices):
        MADE = "clip.made", "Something else"

    with pytest.raises(ValueError):
        register_actions(Clash)
    register_actions(ClipAction)  # the same enum again is harmless
