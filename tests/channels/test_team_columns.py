"""The team page renders the columns other apps register, with their values per member."""

import pytest
from django.urls import reverse

from channels import team_columns as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined_column(tmp_path, settings):
    (tmp_path / "cell.html").write_text(
        "<span class='probe'>{{ value }}/{{ member.user.username }}</span>"
    )
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]

    def values(channel, members):
        return {m.pk: f"seen-{m.user.username}" for m in members if not m.is_owner}

    with registry.columns.snapshot():
        registry.register_team_column(
            name="test.probe", label="Probe", template="cell.html", values=values
        )
        yield


def test_a_registered_column_shows_each_members_value(client, team, joined_column):
    client.force_login(team.owner)
    response = client.get(reverse("channels:team", args=[team.channel.slug]))
    html = response.content.decode()
    assert ">Probe</th>" in html
    assert f"seen-{team.moderator.username}/{team.moderator.username}" in html
    assert f"None/{team.owner.username}" in html


def test_a_name_registered_twice_is_refused(joined_column):
    with pytest.raises(ValueError):
        registry.register_team_column(name="test.probe", label="x", template="x", values=dict)
