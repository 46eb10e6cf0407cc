"""The outbox applied by a real Celery worker process (Redis broker, the test database) at a
local server answering as Twitch: one add request per accepted applicant, even when the
worker is killed while Twitch is answering; a rolled-back team change sends nothing; a 429
is waited out until Twitch's reset time."""

import time

import pytest
from django.db import transaction

from channels.services import membership_set_roles
from moderators.services import application_move, application_submit
from tests.factories import UserFactory, role
from tests.moderators.factories import answers_for, make_opening
from tests.processes import Worker
from tests.twitch.conftest import connect, mark
from twitch.models import ChangeState, TwitchChange

pytestmark = pytest.mark.worker

FAST = {"TWITCH_STALE_SECONDS": "3", "TWITCH_SWEEP_SECONDS": "1"}


@pytest.fixture
def start_worker(redis_broker, transactional_db, fake_twitch):
    workers = []

    def start(*, beat=False):
        worker = Worker(
            broker=redis_broker, beat=beat, concurrency=1, extra_env={**fake_twitch.env, **FAST}
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()


def wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} not reached after {timeout}s")


def accept_applicant(team, fake, *, username="newmod", uid="2005"):
    applicant = UserFactory(username=username)
    fake.user(uid, f"{username}_tv")
    connect(applicant, uid, f"{username}_tv")
    opening = make_opening(team.channel, role_name="Moderator", title=f"Mod {username}")
    application = application_submit(
        opening=opening, applicant=applicant, answers=answers_for(opening)
    )
    application_move(application=application, actor=team.owner, to_state="in_review")
    application_move(application=application, actor=team.owner, to_state="accepted")
    return applicant


def done(change_count=1):
    return lambda: TwitchChange.objects.filter(state=ChangeState.DONE).count() == change_count


def test_a_worker_killed_mid_request_still_ends_with_exactly_one_add(
    transactional_db, linked, start_worker
):
    fake, team = linked.fake, linked.team
    fake.hold_adds.set()  # Twitch takes the request and is slow to answer
    worker = start_worker()
    accept_applicant(team, fake)
    assert fake.held.wait(30), "the worker never sent the add request"
    worker.kill()
    fake.release.set()  # Twitch applies it, answering a worker that is gone
    fake.hold_adds.clear()
    wait_for(lambda: "2005" in fake.channels["1000"].mods, timeout=10, what="Twitch's add")
    change = TwitchChange.objects.get()
    assert change.state == ChangeState.SENDING  # the claim died with the worker

    start_worker(beat=True)  # the sweep finds the stale claim and runs it again
    wait_for(done(), timeout=40, what="the change done")
    time.sleep(1)  # room for a duplicate to show up
    adds = fake.calls("POST", "moderation/moderators")
    assert [r.param("user_id") for r in adds] == ["2005"]
    change.refresh_from_db()
    assert change.attempts == 2 and change.last_error == ""
    # The second claim asked Twitch first instead of sending the add again.
    checks = [r for r in fake.calls("GET", "moderation/moderators") if r.param("user_id")]
    assert [r.param("user_id") for r in checks] == ["2005"]


def test_a_rolled_back_team_change_sends_nothing_and_a_committed_one_is_applied(
    transactional_db, linked, start_worker
):
    fake, team = linked.fake, linked.team
    start_worker()
    with pytest.raises(RuntimeError), transaction.atomic():
        membership_set_roles(
            membership=team.membership("trainee"),
            roles=[role(team.channel, "Moderator")],
            actor=team.owner,
        )
        raise RuntimeError("the request failed after the team change")
    time.sleep(2)
    assert fake.requests == [] and not TwitchChange.objects.exists()

    membership_set_roles(
        membership=team.membership("trainee"),
        roles=[role(team.channel, "Moderator")],
        actor=team.owner,
    )
    wait_for(done(), timeout=30, what="the change done")
    assert [r.param("user_id") for r in fake.calls("POST", "moderation/moderators")] == ["2002"]


def test_twitchs_rate_limit_is_waited_out_until_its_reset(transactional_db, linked, start_worker):
    fake, team = linked.fake, linked.team
    fake.rate_limited = 1
    start_worker()
    membership_set_roles(
        membership=team.membership("trainee"),
        roles=[role(team.channel, "Moderator")],
        actor=team.owner,
    )
    wait_for(done(), timeout=30, what="the change done")
    change = TwitchChange.objects.get()
    assert change.attempts == 2
    assert "2002" in fake.channels["1000"].mods


def test_a_vip_made_moderator_survives_the_worker_killed_between_the_two_calls(
    transactional_db, linked, start_worker
):
    fake, team = linked.fake, linked.team
    worker = start_worker()
    mark(team, "Trainee", "vip")  # the portal makes the trainee a VIP first
    wait_for(done(), timeout=30, what="the VIP change done")
    assert fake.channels["1000"].vips == ["2002"]

    fake.hold_adds.set()  # the removal goes through; Twitch is slow to answer the add
    membership_set_roles(
        membership=team.membership("trainee"),
        roles=[role(team.channel, "Moderator")],
        actor=team.owner,
    )
    assert fake.held.wait(30), "the worker never sent the add request"
    worker.kill()
    fake.release.set()  # Twitch applies the add, answering a worker that is gone
    fake.hold_adds.clear()
    wait_for(lambda: "2002" in fake.channels["1000"].mods, timeout=10, what="Twitch's add")
    change = TwitchChange.objects.get(to_status="moderator")
    assert change.state == ChangeState.SENDING and change.steps_done == 1

    start_worker(beat=True)  # the sweep finds the stale claim and resumes at the add
    wait_for(done(2), timeout=40, what="the change done")
    time.sleep(1)  # room for a duplicate to show up
    assert [r.param("user_id") for r in fake.calls("DELETE", "channels/vips")] == ["2002"]
    assert [r.param("user_id") for r in fake.calls("POST", "moderation/moderators")] == ["2002"]
    assert fake.channels["1000"].vips == [] and "2002" in fake.channels["1000"].mods
    change.refresh_from_db()
    assert change.steps == ["remove:vip", "add:moderator"] and change.steps_done == 2
