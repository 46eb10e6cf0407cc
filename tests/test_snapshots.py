"""tests/snapshots.py: a restored snapshot is the database its builder wrote, row for row."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from channels.models import Membership
from tests.conftest import TEAM
from tests.factories import add_member, build_team
from tests.fingerprint import changed_tables, database_fingerprint
from tests.snapshots import Snapshot

pytestmark = pytest.mark.django_db


def fingerprint_of(make):
    with transaction.atomic():
        made = make()
        fingerprint = database_fingerprint()
        transaction.set_rollback(True)
    return made, fingerprint


def test_a_restored_team_is_every_row_the_services_wrote():
    recorded = []

    def build_and_record():
        team = build_team()
        recorded.append(database_fingerprint())
        return team

    snapshot = Snapshot(build_and_record)
    snapshot.take()
    built = recorded[0]
    restored_team, restored = fingerprint_of(snapshot.restore)
    assert changed_tables(built, restored) == []
    assert restored == built
    # Nothing of the builder's is left behind when it is not restored.
    _nothing, empty = fingerprint_of(lambda: None)
    assert changed_tables(empty, restored) != []
    assert restored_team.channel.slug == "nova"


def test_each_test_gets_its_own_copy_of_the_objects(team):
    team.channel.name = "Changed in memory"
    again = TEAM.result
    assert again.channel.name == "Nova Streams"
    assert team.channel.pk == again.channel.pk


def test_the_restored_rows_are_usable_and_new_rows_do_not_collide(team):
    memberships = Membership.objects.filter(channel=team.channel)
    assert set(memberships.values_list("user__username", flat=True)) == {
        "owner",
        "lead",
        "moderator",
        "trainee",
    }
    added = add_member(team.channel, username="newcomer", roles=["Moderator"])
    assert added.pk > max(m.pk for m in memberships.exclude(pk=added.pk))


def test_a_builder_writing_rows_without_an_integer_key_is_refused():
    def writes_a_session():
        SessionStore().create()

    with pytest.raises(RuntimeError, match="django_session"):
        Snapshot(writes_a_session).take()
