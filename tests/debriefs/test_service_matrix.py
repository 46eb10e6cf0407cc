"""Every public debriefs service (debriefs.services) × every kind of actor, called directly
(tests/service_matrix.py). The world's channel has published norms and a debrief written by
the moderator (the personal rule: its author). Adding a public function to debriefs.services
without a row (or a NOT_ACTIONS entry) fails `test_every_service_has_a_row`."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from debriefs import services
from norms.models import DraftNorm
from tests.debriefs.factories import write_debrief
from tests.norms.factories import published
from tests.service_matrix import (
    ACTORS,
    MEMBERS,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

WRITERS = {"moderator", "lead", "owner"}  # can_write_debriefs
MANAGERS = {"lead", "owner"}  # can_manage_debriefs (and can_manage_norms, can_manage_resources)

NOT_ACTIONS = {
    "require_author_or_manager": "the guard the services call on their actor",
    "norm_choices": "a read of the norms a debrief may involve",
}


def _build(world):
    published(world.channel, world.actor("owner"))
    world.add("debrief", write_debrief(world.channel, world.actor("moderator"), norms=(1,)))


world = world_fixture(_build)


def _agree(w):
    services.debrief_agree_lessons(
        debrief=w.get("debrief"), actor=w.actor("owner"), summary="Followers-only sooner."
    )


def _debrief_create(w, actor):
    services.debrief_create(
        channel=w.channel,
        actor=actor,
        title="Spoilers in chat",
        happened_at=timezone.now() - timedelta(hours=2),
        duration_minutes=5,
        context="Finale stream",
        what_happened="Someone posted the ending.",
        norm_numbers=[1],
    )


ROWS = {
    "debrief_create": Row(_debrief_create, ok=WRITERS),
    "debrief_comment": Row(
        lambda w, a: services.debrief_comment(debrief=w.get("debrief"), actor=a, body="Agreed."),
        ok=MEMBERS,
    ),
    # Personal: the author, or a member who manages debriefs.
    "debrief_agree_lessons": Row(
        lambda w, a: services.debrief_agree_lessons(
            debrief=w.get("debrief"), actor=a, summary="Act sooner."
        ),
        ok={"moderator"} | MANAGERS,
    ),
    "debrief_propose_norm_change": Row(
        lambda w, a: services.debrief_propose_norm_change(
            debrief=w.get("debrief"),
            actor=a,
            norm=DraftNorm.objects.get(channel=w.channel, title="Be kind"),
        ),
        ok=MANAGERS,
    ),
    # The author or a debrief manager, who must also manage the channel's library: the
    # moderator wrote the debrief but cannot publish to the library.
    "debrief_create_case_study": Row(
        lambda w, a: services.debrief_create_case_study(
            debrief=w.get("debrief"), actor=a, title="A raid", body="Bots came; we acted."
        ),
        ok=MANAGERS,
        setup=_agree,
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)


def test_people_and_norms_of_another_team_are_refused(world):
    moderator = world.actor("moderator")
    assert_refused(
        lambda: services.debrief_create(
            channel=world.channel,
            actor=moderator,
            title="Outsider acted",
            happened_at=timezone.now() - timedelta(hours=1),
            duration_minutes=5,
            context="Stream",
            what_happened="Someone not on the team banned people.",
            actions=[{"moderator": world.actor("outsider"), "action": "ban"}],
        ),
        ValidationError,
    )
    published(world.other_channel, world.actor("other_owner"), titles=("Elsewhere",))
    foreign_norm = DraftNorm.objects.get(channel=world.other_channel, title="Elsewhere")
    assert_refused(
        lambda: services.debrief_propose_norm_change(
            debrief=world.get("debrief"), actor=world.actor("owner"), norm=foreign_norm
        ),
        ValidationError,
    )
