"""The helpers every app's services and views share, defined once: the text cleaner, the
membership and manager guards, the capability-holders selector, the changed-fields audit and
putting a service's error on a form."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from channels.audit import ChannelAction
from channels.models import AuditEvent, Capability
from channels.selectors import capability_holders
from channels.services import audit_changes, channel_archive
from channels.services.guards import require_manager, require_member
from portal.forms import add_service_error
from portal.text import clean_text

pytestmark = pytest.mark.django_db


def test_clean_text_strips_and_refuses_what_it_should():
    assert clean_text("  hi  ", field="bio") == "hi"
    assert clean_text(None, field="bio") == ""
    for value, limit, required in [
        (3, None, False),  # not text
        ("a\x00b", None, False),
        ("abcd", 3, False),
        ("   ", None, True),
    ]:
        with pytest.raises(ValidationError) as caught:
            clean_text(value, field="bio", limit=limit, required=required)
        assert list(caught.value.error_dict) == ["bio"]
    with pytest.raises(ValidationError, match="Say what happened"):
        clean_text("", field="what", required="Say what happened.")
    assert clean_text("abc", field="bio", limit=3) == "abc"


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_service_error_goes_by_its_field_or_with_the_form_wide_errors():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_error(form, ValidationError({"name": "Taken.", "username": "On the team."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["On the team."]
    other = NameForm({"name": "x"})
    other.is_valid()
    add_service_error(other, ValidationError("Read-only channel."))
    assert other.non_field_errors() == ["Read-only channel."]


def test_the_guards_check_membership_capability_and_a_writable_channel(team):
    assert require_member(team.channel, team.trainee).is_member
    for outsider in (team.outsider, team.other_member, team.staff):
        with pytest.raises(PermissionDenied):
            require_member(team.channel, outsider)
    assert require_manager(team.channel, team.lead, Capability.MANAGE_TEAM).can(
        Capability.MANAGE_TEAM
    )
    with pytest.raises(PermissionDenied):
        require_manager(team.channel, team.trainee, Capability.MANAGE_TEAM)
    channel_archive(channel=team.channel, actor=team.owner)
    team.channel.refresh_from_db()
    with pytest.raises(ValidationError):
        require_manager(team.channel, team.owner, Capability.MANAGE_TEAM)


def test_capability_holders_are_the_owner_and_roles_with_the_flag(team):
    holders = capability_holders(capability=Capability.MANAGE_TEAM, channel=team.channel)
    assert {m.user.username for m in holders} == {"owner", "lead"}
    # One row per membership, however many roles carry the flag.
    assert holders.count() == len(set(holders.values_list("pk", flat=True)))
    mine = capability_holders(capability=Capability.MANAGE_TEAM, user=team.lead)
    assert list(mine.values_list("channel_id", flat=True)) == [team.channel.pk]
    assert not capability_holders(capability=Capability.MANAGE_TEAM, user=team.trainee).exists()
    with pytest.raises(ValueError):
        capability_holders(capability="can_fly")


def test_audit_changes_records_only_what_changed(team):
    before = {"title": "A", "hours": "evenings", "roles": ["Mod"]}
    count = AuditEvent.objects.count()
    assert (
        audit_changes(
            channel=team.channel,
            actor=team.owner,
            action=ChannelAction.ROLE_UPDATED,
            target=team.channel,
            before=before,
            after=dict(before),
        )
        is None
    )
    assert AuditEvent.objects.count() == count
    event = audit_changes(
        channel=team.channel,
        actor=team.owner,
        action=ChannelAction.ROLE_UPDATED,
        target=team.channel,
        before=before,
        after={**before, "title": "B"},
    )
    assert (event.before, event.after) == ({"title": "A"}, {"title": "B"})
