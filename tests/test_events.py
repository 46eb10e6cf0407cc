"""The registry type and the domain events: one duplicate rule, undoing a registration,
ordering, and subscribers that run inside the transaction or once it commits."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from channels import services
from channels.audit import ChannelAction
from channels.models import AuditEvent, Membership
from community.audit import AnnouncementAction
from debriefs.audit import DebriefsAction
from moderators.audit import InvitationAction, RecruitmentAction
from norms.audit import NormsAction
from portal import events
from portal.registry import DuplicateRegistration, Registry
from resources.audit import ResourceAction
from tests.factories import role
from twitch.audit import TwitchAction


class Entry:
    def __init__(self, name, order=100, value=None):
        self.name, self.order, self.value = name, order, value

    def __eq__(self, other):
        return (self.name, self.order, self.value) == (other.name, other.order, other.value)


# --- the registry type ----------------------------------------------------------------------


def test_the_same_entry_again_is_harmless_and_another_under_its_name_is_refused():
    registry = Registry("thing")
    registry.register(Entry("a", value=1))
    registry.register(Entry("a", value=1))
    with pytest.raises(DuplicateRegistration) as refused:
        registry.register(Entry("a", value=2))
    # One rule for every registry, catchable as either of the errors the old ones raised.
    assert isinstance(refused.value, ImproperlyConfigured) and isinstance(refused.value, ValueError)
    assert len(registry) == 1 and registry["a"].value == 1


def test_entries_come_by_order_then_name_or_in_registration_order():
    ordered = Registry("thing", order=lambda entry: entry.order)
    for entry in (Entry("c", 2), Entry("b", 1), Entry("a", 2)):
        ordered.register(entry)
    assert ordered.names() == ["b", "a", "c"]
    plain = Registry("thing")
    for name in ("c", "a", "b"):
        plain.register(Entry(name))
    assert plain.names() == ["c", "a", "b"]


def test_a_registration_is_undone_when_its_block_ends_and_what_was_there_comes_back():
    registry = Registry("thing")
    kept = registry.register(Entry("kept"))
    with registry.registered(Entry("temporary")) as temporary:
        assert registry.names() == ["kept", "temporary"] and registry["temporary"] is temporary
    assert registry.names() == ["kept"]
    with registry.snapshot():
        registry.unregister("kept")
        registry.register(Entry("kept", value="other"))
    assert registry["kept"] is kept
    with pytest.raises(LookupError):
        registry["missing"]
    assert registry.get("missing") is None and "missing" not in registry


# --- the event registry ---------------------------------------------------------------------


def test_every_event_is_enumerable_with_its_label_visibility_and_data():
    catalogue = {event.name: event for event in events.catalogue()}
    joined = catalogue["membership.joined"]
    assert str(joined.label) == "Member joined"
    assert joined.visibility == events.Visibility.TEAM
    assert joined.data == ("roles", "via")
    # Every app's events are there, each declared once with a known visibility.
    for name in ("norms.published", "application.submitted", "debrief.created", "twitch.linked"):
        assert name in catalogue
    assert all(event.visibility in events.Visibility.values for event in catalogue.values())
    assert len(catalogue) == len(events.catalogue())


def test_an_event_is_declared_once():
    with events.events.snapshot():
        events.declare(events.Event("tests.poked", "Poked"))
        events.declare(events.Event("tests.poked", "Poked"))  # the same declaration: harmless
        with pytest.raises(DuplicateRegistration):
            events.declare(events.Event("tests.poked", "Poked differently"))
    assert not events.is_declared("tests.poked")
    with pytest.raises(ValueError):
        events.Event("NotDotted", "x")
    with pytest.raises(ValueError):
        events.Event("tests.poked", "x", visibility="everyone")


# --- subscribers ----------------------------------------------------------------------------


def moderator_role_change(team):
    services.membership_set_roles(
        membership=team.membership("trainee"),
        roles=[role(team.channel, "Moderator")],
        actor=team.owner,
    )


@pytest.mark.django_db
def test_a_subscriber_to_every_event_hears_each_recorded_once_in_order(team):
    heard = []
    with events.subscribers.snapshot():
        events.subscribe(events.ALL, name="tests.second", order=2)(
            lambda o: heard.append(("second", o.name))
        )
        events.subscribe(events.ALL, name="tests.first", order=1)(
            lambda o: heard.append(("first", o.name, dict(o.after), o.record.action))
        )
        moderator_role_change(team)
    after = {"roles": ["Moderator"]}
    assert heard == [
        ("first", "membership.roles_changed", after, "membership.roles_changed"),
        ("second", "membership.roles_changed"),
    ]


@pytest.mark.django_db
def test_a_subscriber_that_raises_rolls_the_service_back(team):
    def refuse(occurrence):
        raise ValidationError("no")

    before = AuditEvent.objects.count()
    with events.subscribers.snapshot():
        events.subscribe(ChannelAction.MEMBERSHIP_ROLES_CHANGED, name="tests.refuse")(refuse)
        with pytest.raises(ValidationError):
            moderator_role_change(team)
    trainee = Membership.objects.get(pk=team.membership("trainee").pk)
    assert [r.name for r in trainee.roles.all()] == ["Trainee"]
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_an_on_commit_subscriber_runs_after_commit_and_never_for_a_rollback(
    team, django_capture_on_commit_callbacks
):
    heard = []
    with events.subscribers.snapshot():
        events.subscribe(
            ChannelAction.MEMBERSHIP_ROLES_CHANGED, name="tests.later", when=events.When.ON_COMMIT
        )(lambda o: heard.append(o.target.pk))
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    moderator_role_change(team)
                    assert heard == []  # not inside the transaction
                    raise RuntimeError("roll back")
            except RuntimeError:
                pass
        assert heard == []
        with django_capture_on_commit_callbacks(execute=True):
            moderator_role_change(team)
    assert heard == [team.membership("trainee").pk]


# --- declarations that cannot go stale ------------------------------------------------------


def recorded_keys() -> dict[str, set[str]]:
    """The literal keys each audit_record(...) call in product code gives before/after."""
    enums = {
        enum.__name__: enum
        for enum in (
            ChannelAction,
            AnnouncementAction,
            DebriefsAction,
            InvitationAction,
            RecruitmentAction,
            NormsAction,
            ResourceAction,
            TwitchAction,
        )
    }
    root = Path(__file__).resolve().parent.parent
    found: dict[str, set[str]] = {}
    for app in ("channels", "community", "debriefs", "moderators", "norms", "resources", "twitch"):
        for path in (root / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                func = getattr(node, "func", None)
                name = getattr(func, "id", getattr(func, "attr", ""))
                if not isinstance(node, ast.Call) or name != "audit_record":
                    continue
                given = {k.arg: k.value for k in node.keywords}
                action = given.get("action")
                if not isinstance(action, ast.Attribute) or not isinstance(action.value, ast.Name):
                    continue  # chosen at run time: the literal ones are enough to check
                event = getattr(enums[action.value.id], action.attr).value
                for part in ("before", "after"):
                    if isinstance(given.get(part), ast.Dict):
                        keys = {k.value for k in given[part].keys if isinstance(k, ast.Constant)}
                        found.setdefault(event, set()).update(keys)
    return found


def test_every_key_a_service_records_is_declared_in_its_events_data():
    recorded = recorded_keys()
    assert "membership.joined" in recorded and "norms.published" in recorded
    undeclared = {
        name: sorted(keys - set(events.get(name).data))
        for name, keys in recorded.items()
        if keys - set(events.get(name).data)
    }
    assert undeclared == {}, "add them to the event's data in the app's plugin module"
