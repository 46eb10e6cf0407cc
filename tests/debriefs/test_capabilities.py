"""The debrief capabilities: defaults for new channels and the data migration for old roles."""

import importlib

import pytest
from django.apps import apps

from channels.models import Capability, Role
from tests.factories import RoleFactory, role
from tests.norms.factories import published

pytestmark = pytest.mark.django_db

migration = importlib.import_module("channels.migrations.0004_debrief_capabilities")


def test_new_channels_give_moderators_write_and_leads_manage(team):
    assert role(team.channel, "Lead Moderator").capabilities() >= {
        Capability.WRITE_DEBRIEFS,
        Capability.MANAGE_DEBRIEFS,
    }
    assert Capability.WRITE_DEBRIEFS in role(team.channel, "Moderator").capabilities()
    assert Capability.MANAGE_DEBRIEFS not in role(team.channel, "Moderator").capabilities()
    assert not role(team.channel, "Trainee").capabilities()


def test_the_migration_turns_them_on_for_equivalent_existing_roles(team):
    made = {
        "Head mod": RoleFactory(
            channel=team.channel, name="Head mod", capabilities=["can_manage_team"]
        ),
        "Recruiter": RoleFactory(
            channel=team.channel, name="Recruiter", capabilities=["can_review_applications"]
        ),
        "Discord Moderator": RoleFactory(channel=team.channel, name="Discord Moderator"),
        "VIP": RoleFactory(channel=team.channel, name="VIP"),
    }
    Role.objects.update(can_write_debriefs=False, can_manage_debriefs=False)  # as before 0004
    migration.grant_existing(apps, None)
    held = {
        r.name: (r.can_write_debriefs, r.can_manage_debriefs)
        for r in Role.objects.for_channel(team.channel)
    }
    assert held == {
        "Lead Moderator": (True, True),
        "Moderator": (True, False),
        "Trainee": (False, False),
        "Head mod": (True, True),
        "Recruiter": (True, False),
        "Discord Moderator": (True, False),
        "VIP": (False, False),
    }
    assert set(made) < set(held)


def test_published_versions_remember_which_draft_norm_each_norm_came_from(team):
    version, norms = published(team.channel, team.lead)
    assert version.norm_ids == [norm.pk for norm in norms]
