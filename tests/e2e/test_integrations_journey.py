"""Issue #27, done when: a team connects its Discord webhook in the browser and sees a new
application appear there (here: at a local Discord-shaped receiver, delivered by a real
Celery worker), then reads the attempt in the delivery log."""

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory
from tests.integrations.receivers import Receiver
from tests.integrations.test_worker import FAST
from tests.moderators.factories import answers_for, make_opening
from tests.processes import Worker

pytestmark = pytest.mark.worker


@pytest.fixture
def discord(settings, redis_broker, transactional_db):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True  # the receiver listens on 127.0.0.1
    receiver = Receiver(discord=True).start()
    worker = Worker(broker=redis_broker, concurrency=1, extra_env=FAST).start()
    yield receiver
    worker.stop()
    receiver.stop()


def test_the_owner_connects_discord_and_sees_a_new_application_arrive(
    discord, signed_in_page, screenshot
):
    from moderators.services import application_submit

    skye = UserFactory(username="skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=skye)
    opening = make_opening(channel, title="Chat moderator")

    page = signed_in_page(skye, "/c/aurora/")
    page.get_by_role("navigation", name="Channel").get_by_role("link", name="Integrations").click()
    expect(page.get_by_role("heading", name="No webhooks yet")).to_be_visible()
    page.get_by_label("Name").fill("Mod chat")
    page.get_by_label("Kind").select_option(label="Discord webhook")
    page.get_by_label("Address").fill(discord.url)
    page.get_by_label("Events it may receive").select_option(
        label="Team and recruitment events (reviewers' view)"
    )
    page.get_by_label("Application received").check()
    page.get_by_role("button", name="Add the webhook").click()
    expect(page.get_by_text("Webhook added. Send a test event to check it.")).to_be_visible()
    audit(page)

    applicant = UserFactory(username="newmod")
    application_submit(opening=opening, applicant=applicant, answers=answers_for(opening))
    deadline = time.monotonic() + 30
    while not discord.received and time.monotonic() < deadline:
        time.sleep(0.1)
    assert discord.rejected == [] and discord.received
    body = discord.received[0]["json"]
    assert "Aurora Live: Application received" in body["embeds"][0]["title"]
    assert body["content"] == "" and body["allowed_mentions"] == {"parse": []}  # nobody pinged

    time.sleep(0.5)
    page.reload()
    expect(page.get_by_role("cell", name="Application received")).to_be_visible()
    expect(page.get_by_text("204")).to_be_visible()
    screenshot(page, "integrations-delivery-log")

    # The team asks for its @Mods role to be pinged: the next message pings it, and only it.
    page.get_by_label("Discord role to ping (optional)").fill("123456789012345678")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Webhook saved.")).to_be_visible()
    application_submit(
        opening=opening, applicant=UserFactory(username="second"), answers=answers_for(opening)
    )
    deadline = time.monotonic() + 30
    while len(discord.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert discord.rejected == [] and len(discord.received) == 2
    body = discord.received[1]["json"]
    assert body["content"] == "<@&123456789012345678>"
    assert body["allowed_mentions"] == {"parse": [], "roles": ["123456789012345678"]}
