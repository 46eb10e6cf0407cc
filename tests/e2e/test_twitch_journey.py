"""Issue #18, done when: the owner (Twitch connected through a pre-made allauth account and
token instead of the OAuth step) links the channel, imports the Twitch team, invites a listed
moderator who accepts, accepts an applicant into a "moderator on Twitch" role and sees the
sync page show the change applied by a real Celery worker at a local server answering as
Twitch; a change made directly on that server appears on the sync page as drift, and the
owner reverts it. Screenshots are saved."""

import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from moderators.services import application_submit
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory
from tests.moderators.factories import answers_for, make_opening
from tests.processes import Worker
from tests.twitch.conftest import connect
from tests.twitch.fake_twitch import CLIENT_ID, CLIENT_SECRET, FakeTwitch
from twitch.models import ChangeState, TwitchChange, TwitchDrift
from twitch.tasks import drift_check

pytestmark = pytest.mark.worker


@pytest.fixture
def twitch_world(settings, redis_broker, transactional_db):
    fake = FakeTwitch().start()
    settings.TWITCH_CLIENT_ID, settings.TWITCH_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.TWITCH_API_BASE_URL = f"{fake.url}/helix"
    settings.TWITCH_TOKEN_URL = f"{fake.url}/oauth2/token"
    settings.TWITCH_ID_BASE_URL = fake.url
    worker = Worker(broker=redis_broker, concurrency=1, extra_env=fake.env).start()
    yield fake
    worker.stop()
    fake.stop()


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("not reached in time")


def test_the_owner_imports_the_twitch_team_and_the_worker_keeps_it_in_sync(
    twitch_world, signed_in_page, screenshot
):
    fake = twitch_world
    skye = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=skye)
    for uid, login in [("1000", "aurora_live"), ("2001", "mia_mods"), ("2003", "quietfox")]:
        fake.user(uid, login)
    fake.user("2004", "vip_val")
    fake.channel("1000", mods=["2001", "2003"], vips=["2004"])
    fake.grant("1000", access="aurora-access", refresh="aurora-refresh")
    connect(
        skye,
        "1000",
        "aurora_live",
        token="aurora-access",
        refresh="aurora-refresh",
        expires_at=timezone.now() + timezone.timedelta(hours=4),
    )
    mia = UserFactory(username="mia")
    connect(mia, "2001", "mia_mods")

    # The owner links the channel and marks the Moderator role "moderator on Twitch".
    page = signed_in_page(skye, "/c/aurora/")
    page.get_by_role("navigation", name="Channel").get_by_role("link", name="Twitch sync").click()
    expect(page.get_by_role("heading", name="Twitch sync", level=1)).to_be_visible()
    page.get_by_role("button", name="Link to my Twitch channel").click()
    expect(page.get_by_text("Channel linked to Twitch.")).to_be_visible()
    page.get_by_label(re.compile(r"^Moderator:?$")).select_option(label="Moderator on Twitch")
    page.get_by_role("button", name="Save Twitch status").click()
    expect(page.get_by_text("Roles' Twitch status saved.")).to_be_visible()
    assert "aurora-access" not in page.content() and "aurora-refresh" not in page.content()
    audit(page)
    screenshot(page, "twitch-sync-linked")

    # Import: Twitch's lists, every page of them, matched against the portal.
    page.get_by_role("link", name="Twitch's team and import").click()
    page.get_by_role("button", name="Fetch from Twitch").click()
    expect(page.get_by_text("Fetched Twitch's team: 3 names.")).to_be_visible()
    rows = page.get_by_role("region", name="Matched with the portal")
    expect(rows.get_by_text("Portal account: mia")).to_be_visible()
    link_box = rows.get_by_label("Not on the portal: send quietfox this invitation link")
    expect(link_box).to_have_value(re.compile(r"^http://.+/twitch/join/.+/$"))
    audit(page)
    screenshot(page, "twitch-import")
    rows.get_by_role("button", name="Send invitation mia_mods").click()
    expect(
        page.get_by_text("Invitation sent to mia_mods: they join once they accept.")
    ).to_be_visible()

    # Mia says yes: nobody joins from Twitch's list without accepting.
    mia_page = signed_in_page(mia, "/invitations/")
    mia_page.get_by_role("button", name=re.compile(r"^Accept")).first.click()
    expect(mia_page.get_by_text("Aurora Live").first).to_be_visible()

    # An applicant with Twitch linked is accepted into the Moderator role.
    robin = UserFactory(username="robin")
    fake.user("2005", "robin_tv")
    connect(robin, "2005", "robin_tv")
    opening = make_opening(channel)
    application = application_submit(opening=opening, applicant=robin, answers=answers_for(opening))
    page.goto(f"/c/aurora/applications/{application.pk}/")
    decision = page.locator("section", has=page.get_by_role("heading", name="Decision"))
    decision.get_by_label("Move to").select_option(label="In review")
    decision.get_by_role("button", name=re.compile(r"^Move")).click()
    expect(page.get_by_text("Application moved.")).to_be_visible()
    decision.get_by_label("Move to").select_option(label="Accepted")
    decision.get_by_role("button", name=re.compile(r"^Move")).click()
    expect(page.locator(".section-header .pill")).to_have_text("Accepted")

    # The worker applies it on Twitch; the sync page shows it done.
    wait_for(lambda: TwitchChange.objects.filter(label="robin", state=ChangeState.DONE).exists())
    assert "2005" in fake.channels["1000"].mods
    assert [r.param("user_id") for r in fake.calls("POST", "moderation/moderators")] == [
        "2001",  # mia joined: Twitch answered "already a moderator", which counts as done
        "2005",
    ]
    page.goto("/c/aurora/twitch/")
    # Mia's difference from the import (moderator on Twitch only) went when she joined.
    expect(page.get_by_role("row", name=re.compile(r"^mia_mods"))).to_have_count(0)
    changes = page.get_by_role("region", name="Changes sent to Twitch")
    expect(
        changes.get_by_role("row", name=re.compile(r"robin .*Moderator on Twitch.*Done"))
    ).to_be_visible()
    audit(page)
    screenshot(page, "twitch-sync-applied")

    # Someone unmods Mia in chat; the periodic comparison shows it, and the owner reverts it.
    fake.channels["1000"].mods.remove("2001")
    drift_check.delay().get(timeout=30)
    page.reload()
    drift = page.get_by_role("region", name="Changed on Twitch")
    expect(drift.get_by_role("row", name=re.compile(r"mia_mods"))).to_be_visible()
    audit(page)
    screenshot(page, "twitch-sync-drift")
    drift.get_by_role("button", name="Revert on Twitch mia_mods").click()
    expect(page.get_by_text("Resolved the difference for mia_mods.")).to_be_visible()
    wait_for(lambda: "2001" in fake.channels["1000"].mods)
    assert TwitchDrift.objects.get(login="mia_mods").state == "reverted"
