"""The service × actor matrix every app's tests use.

The design brief: every service checks, itself, that its actor may do what it does, whatever
called it (a view, the admin, a Celery task, another service). The URL matrix
(tests/test_access_matrix.py) proves the views' decorators; this harness proves the services.

An app's matrix module (tests/<app>/test_service_matrix.py) holds:
- `ROWS = {service name: Row(...)}`: how to call the service as a given actor, and per kind of
  actor whether the call is done, refused with PermissionDenied ("denied", the default) or
  refused with ValidationError ("invalid");
- `NOT_ACTIONS = {name: why}`: the public functions that act for no one (reads, checks,
  cleaning helpers, scheduled steps);
- `world = world_fixture(build)`: the state every row starts from, built once per module through
  services and factories and rolled back after the module;
- two tests: `check_rows(package, ROWS, NOT_ACTIONS)` fails when a public function of the app's
  services has no row (or a row names a function that no longer exists), and
  `run_row(world, ROWS[name])` calls the service once as each kind of actor.

Each call runs in a savepoint that is rolled back before the next actor, so every actor meets
the same state. A refused call must leave the database exactly as it was (tests/fingerprint.py:
every row of every table); a call that is done must write something (unless `writes=False`).
"""

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test.utils import override_settings

from channels.models import Membership
from tests.factories import (
    MembershipFactory,
    RoleFactory,
    UserFactory,
    add_member,
    build_team,
    channel_owner,
)
from tests.fingerprint import changed_tables, database_fingerprint

# The kinds of actor every matrix calls each service as. "other_member" is a member of another
# channel and "other_owner" that channel's owner (every capability, but there); "trainee",
# "moderator" and "lead" hold the default role of that name in the world's channel; "staff" is
# platform staff with no permission and no membership; "admin" is a superuser (every platform
# permission) who is not a member either; "deactivated" holds the Lead Moderator role but their
# account is deactivated (as the platform does to an abusive account).
ACTORS = (
    "anonymous",
    "outsider",
    "other_member",
    "other_owner",
    "trainee",
    "moderator",
    "lead",
    "owner",
    "staff",
    "admin",
    "deactivated",
)
# A member holding exactly the capabilities a row `needs`, through a role made for the row:
# proves a service needs that capability and no more (add it to a matrix's actors to use it).
CAPABLE = "capable"

DONE, DENIED, INVALID = "done", "denied", "invalid"
SIGNED_IN = frozenset(ACTORS) - {"anonymous", "deactivated"}
MEMBERS = frozenset({"trainee", "moderator", "lead", "owner"})


@dataclass
class Row:
    """How one service is called, and what each kind of actor gets.

    `call(world, actor)` calls the service; actors in `ok` get it done, actors in `invalid` get
    a ValidationError, actors in `skip` are not called (the call means nothing for them), and
    everyone else gets PermissionDenied. `setup(world)` runs once before anyone acts, inside the
    test's transaction (e.g. archive the channel). `needs` are the capabilities the "capable"
    actor holds for this row. A call that is done must write something, except for the actors in
    `quiet` (done already: acknowledging twice changes nothing) or anyone when `writes=False`.
    """

    call: Callable
    ok: Iterable[str] = ()
    invalid: Iterable[str] = ()
    skip: Iterable[str] = ()
    needs: Iterable[str] = ()
    setup: Callable | None = None
    writes: bool = True
    quiet: Iterable[str] = ()

    def expected(self, actors) -> dict[str, str]:
        ok, invalid, skip = set(self.ok), set(self.invalid), set(self.skip)
        unknown = (ok | invalid | skip | set(self.quiet)) - set(actors)
        assert not unknown, f"the row names actors this matrix does not have: {sorted(unknown)}"
        assert not ok & invalid, f"actors both allowed and invalid: {sorted(ok & invalid)}"
        return {
            actor: DONE if actor in ok else INVALID if actor in invalid else DENIED
            for actor in actors
            if actor not in skip
        }


@dataclass
class World:
    """The state every row of a matrix starts from, as primary keys: each call gets fresh
    instances, because a call that succeeded (and was rolled back) may have changed the ones it
    was given."""

    users: dict = field(default_factory=dict)  # actor -> user pk (None: anonymous)
    objects: dict = field(default_factory=dict)  # name -> (model, pk)

    def actor(self, name: str):
        pk = self.users[name]
        return AnonymousUser() if pk is None else get_user_model().objects.get(pk=pk)

    def user(self, name: str):
        return self.actor(name)

    def add(self, name: str, instance) -> None:
        self.objects[name] = (type(instance), instance.pk)

    def add_user(self, name: str, user) -> None:
        self.users[name] = user.pk

    def get(self, name: str):
        model, pk = self.objects[name]
        return model._default_manager.get(pk=pk)

    def pk(self, name: str) -> int:
        return self.objects[name][1]

    @property
    def channel(self):
        return self.get("channel")

    @property
    def other_channel(self):
        return self.get("other_channel")

    def membership(self, actor: str, channel: str = "channel") -> Membership:
        return Membership.objects.select_related("channel", "user").get(
            channel_id=self.pk(channel), user_id=self.users[actor]
        )


def build_world() -> World:
    """The Nova channel (owner, lead, moderator, trainee) and everyone outside it: an outsider,
    a member of another channel, platform staff and a platform admin (tests.factories)."""
    team = build_team()
    world = World()
    world.users["anonymous"] = None
    for name in ("outsider", "other_member", "trainee", "moderator", "lead", "owner"):
        world.add_user(name, getattr(team, name))
    world.add_user("other_owner", channel_owner(team.other_channel))
    world.add_user("admin", team.staff)  # build_team's staff is a superuser
    world.add_user("staff", UserFactory(username="staffonly", is_staff=True))
    gone = add_member(team.channel, username="deactivated", roles=["Lead Moderator"]).user
    # The platform deactivates an account in the user admin, which has no service of its own.
    get_user_model().objects.filter(pk=gone.pk).update(is_active=False)
    world.add_user("deactivated", gone)
    world.add("channel", team.channel)
    world.add("other_channel", team.other_channel)
    return world


def world_fixture(build: Callable | None = None):
    """A module-scoped fixture: build_world(), then `build(world)` for the app's own objects,
    inside a transaction rolled back when the module's tests are done. Every test in the module
    runs in a savepoint inside it (so the module must not use transactional_db)."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
        with django_db_blocker.unblock(), fast, transaction.atomic():
            cache.clear()
            built = build_world()
            if build is not None:
                build(built)
            yield built
            transaction.set_rollback(True)
        cache.clear()

    return world


def public_services(package: ModuleType) -> set[str]:
    """Public functions defined in `package` and, for a package, in each of its modules."""
    modules = [package]
    if hasattr(package, "__path__"):
        modules += [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
            if not info.name.startswith("_")
        ]
    return {
        name
        for module in modules
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and value.__module__ == module.__name__
    }


def check_rows(package: ModuleType, rows: dict, not_actions: dict) -> None:
    """Fails when a public service has no row, or a row names no public service."""
    found = public_services(package)
    missing = found - set(rows) - set(not_actions)
    assert not missing, f"add rows (or NOT_ACTIONS with a reason) for: {sorted(missing)}"
    stale = (set(rows) | set(not_actions)) - found
    assert not stale, f"rows for functions {package.__name__} no longer has: {sorted(stale)}"
    both = set(rows) & set(not_actions)
    assert not both, f"both a row and NOT_ACTIONS: {sorted(both)}"
    assert all(isinstance(why, str) and why for why in not_actions.values())


def _grant_capable(world: World, needs) -> None:
    granted = RoleFactory(channel=world.channel, name="Granted", capabilities=sorted(needs))
    capable = MembershipFactory(
        channel=world.channel, user=UserFactory(username=CAPABLE), roles=[granted]
    )
    world.add_user(CAPABLE, capable.user)


def run_row(world: World, row: Row, actors: Iterable[str] = ACTORS) -> dict[str, str]:
    """Call the row's service once as each actor and compare with what the row expects."""
    actors = tuple(actors)
    expected = row.expected(actors)
    saved_objects, saved_users = dict(world.objects), dict(world.users)
    try:
        if CAPABLE in actors:
            _grant_capable(world, row.needs)
        if row.setup is not None:
            row.setup(world)
        outcome, problems = {}, []
        before = database_fingerprint()  # the same for every actor: each call is rolled back
        for actor in expected:
            cache.clear()  # rate limits: every actor starts from none
            with transaction.atomic():
                try:
                    row.call(world, world.actor(actor))
                except PermissionDenied:
                    outcome[actor] = DENIED
                except ValidationError:
                    outcome[actor] = INVALID
                else:
                    outcome[actor] = DONE
                changed = changed_tables(before, database_fingerprint())
                transaction.set_rollback(True)
            if outcome[actor] != DONE and changed:
                problems.append(f"{actor} was refused but wrote to {changed}")
            quiet = not row.writes or actor in set(row.quiet)
            if outcome[actor] == DONE and not quiet and not changed:
                problems.append(f"{actor} was allowed but wrote nothing")
        cache.clear()
    finally:
        world.objects, world.users = saved_objects, saved_users
    assert outcome == expected, {
        actor: f"{outcome[actor]}, expected {expected[actor]}"
        for actor in expected
        if outcome[actor] != expected[actor]
    }
    assert not problems, problems
    return outcome


def assert_refused(call: Callable, error=(PermissionDenied, ValidationError)) -> None:
    """`call()` is refused with `error` and the database is exactly as before (compared inside
    a savepoint, as run_row does, so a write the call left behind is seen, then undone)."""
    before = database_fingerprint()
    with transaction.atomic():
        with pytest.raises(error):
            call()
        changed = changed_tables(before, database_fingerprint())
        transaction.set_rollback(True)
    assert not changed, f"refused but wrote to {changed}"
