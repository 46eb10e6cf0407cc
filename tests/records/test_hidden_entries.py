"""Issue #29's isolation rule: an entry the person hid never appears in their profile, the
directory, the API, a credential they did not ask for, or an export of anyone else."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from api.models import Scope
from api.services import token_create
from channels.services import membership_leave
from community.services.profiles import profile_update
from privacy.exports import person_archive
from records import credentials
from records.models import IssuedCredential, ServiceRecord
from records.services import record_set_visibility
from tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db


def test_a_hidden_past_team_shows_nowhere_but_to_its_person(client, team):
    person = UserFactory(username="quietmod")
    membership = add_member(team.channel, user=person, roles=["Moderator"])
    membership_leave(membership=membership, actor=person)
    record = ServiceRecord.objects.get(user=person, channel=team.channel)
    record_set_visibility(record=record, actor=person, visible=False)
    profile_update(user=person, actor=person, display_name="Quiet Mod", open_to_channels=True)

    profile = reverse("community:profile", args=[person.username])
    for viewer in (None, team.outsider, team.owner):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        assert "Nova Streams" not in client.get(profile).content.decode()
        directory = client.get(reverse("community:directory")).content.decode()
        assert (
            "Quiet Mod" in directory and "Nova Streams" not in directory.split("Quiet Mod")[1][:400]
        )

    # The channel's own API lists the team as it is now: someone who left is not in it.
    _token, raw = token_create(
        channel=team.channel, actor=team.owner, name="bot", scopes=list(Scope.values)
    )
    members = client.get(
        f"/api/v1/channels/{team.channel.slug}/team/", HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).content.decode()
    assert "quietmod" not in members

    # No credential is made unless the person asks, and nobody else can take theirs.
    assert not IssuedCredential.objects.filter(user=person).exists()
    key = f"service:{record.pk}"
    assert key not in [a["key"] for a in credentials.achievements_for(team.moderator)]
    with pytest.raises(ValidationError, match="Choose one of the achievements offered"):
        credentials.credential_issue(user=team.moderator, achievement_key=key, actor=team.moderator)
    with pytest.raises(PermissionDenied):  # for the person, by someone else
        credentials.credential_issue(user=person, achievement_key=key, actor=team.owner)
    assert not IssuedCredential.objects.exists()

    # Another person's export holds none of it; the person's own holds it, hidden or not.
    def archive_text(user):
        with zipfile.ZipFile(io.BytesIO(person_archive(user))) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )

    assert "quietmod" not in archive_text(team.moderator)
    own = archive_text(person)
    assert '"shown_on_profile": false' in own and team.channel.slug in own
