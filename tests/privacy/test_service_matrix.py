"""Every public data-rights service (privacy.services, and the erasure the admin runs from
privacy.erasure) × every kind of actor, called directly (tests/service_matrix.py).

The world holds "subject", a moderator of the channel, whose data rows act on: a person's own
export and deletion are theirs; for anyone else they are a platform action that needs its own
permission (`privacy.export_person`, `privacy.erase_person`), so plain staff are refused and
the admin (a superuser: every permission) is done. The same services acting on the actor's own
account are the `OWN` rows: every signed-in, active account may, except that a channel's owner
cannot delete their account before handing over the channel. Channel deletion is the owner's
alone. Adding a public function to either module without a row (or a NOT_ACTIONS entry) fails
`test_every_service_has_a_row`."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from privacy import erasure, services
from privacy.models import AccountDeletion, DeletionState
from tests.factories import UserFactory, add_member
from tests.service_matrix import (
    ACTORS,
    SIGNED_IN,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

OWNERS = {"owner", "other_owner"}  # own a channel: their account cannot be deleted yet

NOT_ACTIONS = {
    "export_for_download": "a read of the person's own ready archive (filtered by that person)",
    "pending_deletion": "a read of the person's scheduled deletion",
    "channel_deletion_pending": "a read of the channel's scheduled deletion",
}
ERASURE_NOT_ACTIONS = {
    "owned_channels": "a read of the channels a person owns",
    "refuse_owner": "the rule account_erase and account_deletion_request check",
    "new_pseudonym": "makes a random pseudonym",
    "erase_due": "the beat task's step: erases only deletions whose grace period is over",
    "channel_delete_due": "the beat task's step: deletes only channels whose grace is over",
}


def _build(world):
    world.add_user(
        "subject", add_member(world.channel, username="subject", roles=["Moderator"]).user
    )


world = world_fixture(_build)


def _subject(w):
    return w.user("subject")


def _schedule_subject(w):
    services.account_deletion_request(user=_subject(w), actor=_subject(w))


def _schedule_everyone(w):
    for name in SIGNED_IN - OWNERS:
        user = w.user(name)
        services.account_deletion_request(user=user, actor=user)


def _schedule_channel(w):
    services.channel_deletion_request(
        channel=w.channel, actor=w.actor("owner"), confirm_slug=w.channel.slug
    )


ROWS = {
    # For someone else: the platform permission of its own.
    "export_request": Row(
        lambda w, a: services.export_request(user=_subject(w), actor=a), ok={"admin"}
    ),
    "account_deletion_request": Row(
        lambda w, a: services.account_deletion_request(user=_subject(w), actor=a), ok={"admin"}
    ),
    "account_deletion_cancel": Row(
        lambda w, a: services.account_deletion_cancel(user=_subject(w), actor=a),
        ok={"admin"},
        setup=_schedule_subject,
    ),
    # The owner's alone, typing the slug.
    "channel_deletion_request": Row(
        lambda w, a: services.channel_deletion_request(
            channel=w.channel, actor=a, confirm_slug=w.channel.slug
        ),
        ok={"owner"},
    ),
    "channel_deletion_cancel": Row(
        lambda w, a: services.channel_deletion_cancel(channel=w.channel, actor=a),
        ok={"owner"},
        setup=_schedule_channel,
    ),
}

ERASURE_ROWS = {
    "account_erase": Row(
        lambda w, a: erasure.account_erase(user=_subject(w), actor=a), ok={"admin"}
    ),
}

# The same services on the actor's own account.
OWN = {
    "export_request": Row(lambda w, a: services.export_request(user=a, actor=a), ok=SIGNED_IN),
    "account_deletion_request": Row(
        lambda w, a: services.account_deletion_request(user=a, actor=a),
        ok=SIGNED_IN - OWNERS,
        invalid=OWNERS,
    ),
    # Owners have nothing scheduled: cancelling is done and changes nothing.
    "account_deletion_cancel": Row(
        lambda w, a: services.account_deletion_cancel(user=a, actor=a),
        ok=SIGNED_IN,
        quiet=OWNERS,
        setup=_schedule_everyone,
    ),
    "account_erase": Row(
        lambda w, a: erasure.account_erase(user=a, actor=a), ok=SIGNED_IN - OWNERS, invalid=OWNERS
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)
    check_rows(erasure, ERASURE_ROWS, ERASURE_NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)


@pytest.mark.parametrize("name", sorted(ERASURE_ROWS))
def test_erasure_matrix(world, name):
    run_row(world, ERASURE_ROWS[name], ACTORS)


@pytest.mark.parametrize("name", sorted(OWN))
def test_own_account_matrix(world, name):
    run_row(world, OWN[name], ACTORS)


def test_staff_holding_the_permission_act_for_someone_else(world):
    """Staff are refused for lack of the permission, not for being staff: granted it, they act."""
    helper = UserFactory(username="dataclerk", is_staff=True)
    helper.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="privacy", codename__in=["export_person", "erase_person"]
        )
    )
    clerk = type(helper).objects.get(pk=helper.pk)  # fresh: permissions are cached
    assert services.export_request(user=_subject(world), actor=clerk).requested_by == clerk
    erased = erasure.account_erase(user=_subject(world), actor=clerk)
    assert erased.state == DeletionState.DONE and erased.requested_by == clerk


def test_the_beat_erases_only_a_deletion_whose_grace_is_over(world):
    assert_refused(lambda: erasure.account_erase(user=_subject(world), actor=None))
    _schedule_subject(world)
    assert AccountDeletion.objects.get(user=_subject(world)).state == DeletionState.PENDING
    assert_refused(lambda: erasure.account_erase(user=_subject(world), actor=None))


def test_a_wrong_slug_deletes_no_channel(world):
    assert_refused(
        lambda: services.channel_deletion_request(
            channel=world.channel, actor=world.actor("owner"), confirm_slug="other"
        ),
        ValidationError,
    )
