"""The service × actor harness (tests/service_matrix.py) itself: it fails on a service with
no row, on a row for a service that is gone, on a service that does not check its actor, and on
a refusal that wrote."""

import sys
import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from channels.models import AuditEvent, Capability, Membership
from channels.services import audit_record
from channels.services.guards import require_capability
from tests.service_matrix import (
    ACTORS,
    Row,
    assert_refused,
    check_rows,
    public_services,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

DUMMY = """
from channels.models import AuditEvent, Capability
from channels.services import audit_record
from channels.services.guards import require_capability


def note_write(*, channel, actor):
    require_capability(channel, actor, Capability.MANAGE_TEAM)
    audit_record(channel=channel, actor=actor, action="channel.updated")


def note_write_for_anyone(*, channel, actor):
    audit_record(channel=channel, actor=None, action="channel.updated")


def _private_helper():
    return None
"""


@pytest.fixture
def dummy_services():
    """A throwaway services package with one submodule, as an app's would be."""
    package = types.ModuleType("dummy_services")
    package.__path__ = []  # a package, with no modules on disk
    module = types.ModuleType("dummy_services.notes")
    exec(compile(DUMMY, "dummy_services/notes.py", "exec"), module.__dict__)  # noqa: S102
    sys.modules["dummy_services"], sys.modules["dummy_services.notes"] = package, module
    yield module
    del sys.modules["dummy_services"], sys.modules["dummy_services.notes"]


def test_discovery_finds_public_functions_defined_in_the_module(dummy_services):
    assert public_services(dummy_services) == {"note_write", "note_write_for_anyone"}


def test_a_service_without_a_row_fails(dummy_services):
    rows = {"note_write": Row(lambda w, a: None)}
    with pytest.raises(AssertionError, match="note_write_for_anyone"):
        check_rows(dummy_services, rows, {})
    check_rows(dummy_services, rows, {"note_write_for_anyone": "a helper"})


def test_a_row_for_a_service_that_is_gone_fails(dummy_services):
    rows = {name: Row(lambda w, a: None) for name in ("note_write", "note_write_for_anyone")}
    check_rows(dummy_services, rows, {})
    with pytest.raises(AssertionError, match="note_gone"):
        check_rows(dummy_services, rows, {"note_gone": "was here once"})
    with pytest.raises(AssertionError, match="both"):
        check_rows(dummy_services, rows, {"note_write": "listed twice"})


world = world_fixture()


def test_the_matrix_passes_a_service_that_checks_its_actor(world, dummy_services):
    row = Row(
        lambda w, a: dummy_services.note_write(channel=w.channel, actor=a), ok={"lead", "owner"}
    )
    outcome = run_row(world, row)
    assert outcome["lead"] == "done" and outcome["trainee"] == "denied"


def test_the_matrix_fails_a_service_that_does_not_check_its_actor(world, dummy_services):
    row = Row(
        lambda w, a: dummy_services.note_write_for_anyone(channel=w.channel, actor=a),
        ok={"lead", "owner"},
    )
    with pytest.raises(AssertionError, match="outsider"):
        run_row(world, row)


def test_the_matrix_fails_a_refusal_that_wrote(world):
    def writes_then_refuses(w, actor):
        audit_record(channel=w.channel, actor=None, action="channel.updated")
        require_capability(w.channel, actor, Capability.MANAGE_TEAM)

    with pytest.raises(AssertionError, match="refused but wrote to .*channels_auditevent"):
        run_row(world, Row(writes_then_refuses, ok={"lead", "owner"}))


def test_the_matrix_fails_an_allowed_call_that_wrote_nothing(world):
    def checks_only(w, actor):
        require_capability(w.channel, actor, Capability.MANAGE_TEAM)

    with pytest.raises(AssertionError, match="allowed but wrote nothing"):
        run_row(world, Row(checks_only, ok={"lead", "owner"}))
    run_row(world, Row(checks_only, ok={"lead", "owner"}, writes=False))


def test_every_cell_starts_from_the_same_state(world):
    before = AuditEvent.objects.count()
    run_row(
        world,
        Row(
            lambda w, a: audit_record(channel=w.channel, actor=None, action="channel.updated"),
            ok=ACTORS,
        ),
    )
    assert AuditEvent.objects.count() == before


def test_a_row_naming_an_unknown_actor_fails(world):
    with pytest.raises(AssertionError, match="ghost"):
        run_row(world, Row(lambda w, a: None, ok={"ghost"}))


def test_validation_errors_are_told_apart_from_permission_denied(world):
    def invalid_for_members(w, actor):
        if Membership.objects.filter(channel=w.channel, user_id=actor.pk).exists():
            raise ValidationError("a rule")
        raise PermissionDenied

    members = {"trainee", "moderator", "lead", "owner", "deactivated"}
    run_row(world, Row(invalid_for_members, invalid=members))
    with pytest.raises(AssertionError, match="invalid, expected denied"):
        run_row(world, Row(invalid_for_members))


def test_assert_refused_fails_on_a_refusal_that_wrote_or_a_call_that_was_done(world):
    def writes_then_refuses():
        audit_record(channel=world.channel, actor=None, action="channel.updated")
        raise PermissionDenied

    with pytest.raises(AssertionError, match="refused but wrote to .*channels_auditevent"):
        assert_refused(writes_then_refuses)
    with pytest.raises(pytest.fail.Exception):
        assert_refused(lambda: None)
    assert_refused(lambda: require_capability(world.channel, None, Capability.MANAGE_TEAM))
