"""A moderator sees the badge light up, reads the notification, and moves it to the digest."""

import re

import pytest
from playwright.sync_api import expect

from portal.notifications import services
from portal.notifications.models import Notification
from portal.notifications.registry import Delivery, EventType, register, unregister
from tests.e2e.conftest import audit
from tests.factories import UserFactory
from tests.notifications.conftest import make_channel

# A test-only event type, declared the way an app declares its own.
COVER = EventType(
    name="test.cover_requested",
    label="Cover requests",
    summary="{{ actor }} asked you to cover the {{ slot }} stream in {{ channel }}.",
    default_delivery=Delivery.IMMEDIATE,
    per_channel=True,
    description="A teammate needs someone to moderate a stream they can't.",
)


@pytest.fixture
def cover_event():
    register(COVER)
    yield COVER
    unregister(COVER.name)


def test_badge_inbox_and_digest_preference(signed_in_page, screenshot, settings, cover_event):
    settings.NOTIFICATIONS_BADGE_POLL_SECONDS = 1
    streamer = UserFactory(username="streamer", display_name="Nova")
    river = UserFactory(username="river")
    lounge = make_channel(owner=streamer, name="Nova's Lounge", slug="nova-lounge")

    page = signed_in_page(river, "/dashboard/")
    bell = page.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(bell).to_have_accessible_name("Notifications")

    services.notify(
        event=COVER.name,
        recipients=[river],
        channel=lounge,
        actor=streamer,
        target=lounge,
        context={"slot": "Friday <late>"},
    )
    # The badge polls with htmx: no reload.
    expect(bell).to_have_accessible_name("Notifications: 1 unread")
    expect(page.locator(".notification-count")).to_have_text("1")
    audit(page)
    screenshot(page, "notifications-badge", full_page=False)

    bell.click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    item = page.locator(".notification.is-unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(
        "Nova asked you to cover the Friday <late> stream in Nova's Lounge."
    )
    audit(page)
    screenshot(page, "notifications-inbox-unread")

    page.get_by_role("button", name=re.compile(r"^Mark read")).click()
    expect(page.locator(".notification.is-unread")).to_have_count(0)
    expect(page.locator(".notification-read")).to_have_text("Read")
    expect(bell).to_have_accessible_name("Notifications")  # the badge heard the change
    assert Notification.objects.get(recipient=river).read_at is not None
    screenshot(page, "notifications-inbox-read")

    page.locator("summary", has_text="account menu").click()
    page.locator(".account-menu").get_by_role("link", name="Notification settings").click()
    expect(page.get_by_role("heading", name="Notification settings")).to_be_visible()
    choice = page.get_by_label("Cover requests", exact=True)
    expect(choice).to_have_value(Delivery.IMMEDIATE)
    choice.select_option(label="Daily digest")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.get_by_label("Cover requests", exact=True)).to_have_value(Delivery.DIGEST)
    expect(page.get_by_label("Cover requests in Nova's Lounge")).to_have_value("")
    assert services.delivery_for(user=river, event=COVER.name) == Delivery.DIGEST
    audit(page)
    screenshot(page, "notifications-preferences")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot(page, "notifications-preferences-phone")

    # The next one waits for the digest instead of an email now.
    (row,) = services.notify(
        event=COVER.name,
        recipients=[river],
        channel=lounge,
        actor=streamer,
        context={"slot": "Sunday"},
    )
    assert (row.email_mode, row.state) == (Delivery.DIGEST, "pending")


def test_an_empty_inbox_explains_itself_and_works_on_a_phone(signed_in_page, screenshot):
    page = signed_in_page(UserFactory(username="newbie"), "/notifications/", width=390)
    expect(page.get_by_role("heading", name="No notifications yet")).to_be_visible()
    expect(
        page.locator(".empty-state").get_by_role("link", name="notification settings")
    ).to_be_visible()
    audit(page)
    screenshot(page, "notifications-empty-phone")
