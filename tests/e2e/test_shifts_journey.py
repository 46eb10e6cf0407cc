"""Issue #28: the owner adds a weekly stream needing two moderators; two members sign up from
their dashboards, a third is refused because it is full; one offers a swap and the third takes
it; the health page shows the stream covered; the reminder arrives before the shift."""

import re
from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portal.notifications.models import Notification
from shifts import services
from shifts.models import Shift, StreamNeed
from shifts.selectors import schedule
from shifts.tasks import send_due
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory, add_member


def test_members_cover_a_weekly_stream_and_swap(signed_in_page, screenshot):
    owner = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=owner)
    mia = add_member(channel, username="mia", display_name="Mia", roles=["Moderator"]).user
    tom = add_member(channel, username="tom", display_name="Tom", roles=["Moderator"]).user
    ada = add_member(channel, username="ada", display_name="Ada", roles=["Moderator"]).user
    first = timezone.localdate() + timedelta(days=2)

    # The owner adds a weekly stream needing two moderators (anyone on the team).
    page = signed_in_page(owner, "/c/aurora/schedule/")
    expect(page.get_by_role("heading", name="No streams in the next two weeks")).to_be_visible()
    page.get_by_role("link", name="Add the first stream").click()
    page.get_by_label("Title").fill("Friday raid night")
    page.get_by_label("Date (of the first stream)").fill(first.isoformat())
    page.get_by_label("Start time").fill("20:00")
    page.get_by_label("Expected length (minutes)").fill("120")
    page.get_by_label("Every week").check()
    audit(page)
    screenshot(page, "shifts-stream-form")
    page.get_by_role("button", name="Save the stream").click()
    expect(page.get_by_text("Stream added to the schedule.")).to_be_visible()
    expect(page.get_by_text("2 missing").first).to_be_visible()

    # Ada opens her dashboard early; Mia and Tom sign up from theirs.
    ada_page = signed_in_page(ada, "/dashboard/")
    expect(ada_page.get_by_role("heading", name="Streams that need you")).to_be_visible()
    for member in (mia, tom):
        member_page = signed_in_page(member, "/dashboard/")
        expect(member_page.get_by_role("heading", name="Your next shifts")).to_be_visible()
        member_page.get_by_role("button", name=re.compile(r"^Sign up Friday raid night")).click()
        expect(member_page.get_by_text("You are signed up.")).to_be_visible()
        expect(member_page.get_by_role("link", name="Friday raid night").first).to_be_visible()
    screenshot(member_page, "shifts-dashboard")

    # Ada's click comes too late: the stream is full.
    ada_page.get_by_role("button", name=re.compile(r"^Sign up Friday raid night")).click()
    expect(ada_page.get_by_text("This stream is full")).to_be_visible()
    assert not Shift.objects.filter(user=ada).exists()

    # Mia offers her shift; Ada takes it from the schedule.
    mia_page = signed_in_page(mia, "/c/aurora/schedule/")
    mia_page.get_by_role("button", name="Offer for a swap").first.click()
    expect(mia_page.get_by_text("Your shift is offered for a swap.")).to_be_visible()
    ada_page.goto(ada_page.url.split("/dashboard/")[0] + "/c/aurora/schedule/")
    ada_page.get_by_role("button", name=re.compile(r"^Take this shift")).first.click()
    expect(ada_page.get_by_text("Swap done")).to_be_visible()
    audit(ada_page)
    screenshot(ada_page, "shifts-schedule")
    assert Shift.objects.filter(user=ada).count() == 1
    assert not Shift.objects.filter(user=mia).exists()

    # The health page shows the stream covered.
    page.goto(page.url.split("/c/")[0] + reverse("team_health", args=["aurora"]))
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Streams of the next two weeks")
    )
    expect(section.get_by_text("Covered").first).to_be_visible()
    expect(section.get_by_text("Ada").first).to_be_visible()

    # An hour before the stream, the reminder reaches Ada's inbox.
    occurrence = schedule(channel=channel)[0]
    assert send_due(occurrence.starts_at - timedelta(hours=1))["reminders"] == 2
    ada_page.goto(ada_page.url.split("/c/")[0] + reverse("notifications:inbox"))
    summary = ada_page.locator(".notification-summary", has_text="Your shift on")
    expect(summary.first).to_contain_text("Friday raid night")


def test_a_lead_moves_one_date_and_approves_swaps_channel_wide(signed_in_page):
    """The owner moves one Friday by a day (only that date changes, its moderator is told),
    turns on "every swap needs approval"; a member asks to take an offered shift and the
    lead approves it."""
    owner = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=owner)
    lead = add_member(channel, username="lia", display_name="Lia", roles=["Lead Moderator"]).user
    mia = add_member(channel, username="mia", display_name="Mia", roles=["Moderator"]).user
    ada = add_member(channel, username="ada", display_name="Ada", roles=["Moderator"]).user
    first = timezone.localdate() + timedelta(days=2)
    stream = services.stream_create(
        channel=channel,
        actor=owner,
        title="Friday raid night",
        starts_on=first,
        start_time=time(20, 0),
        duration_minutes=120,
        weekly=True,
        needs=((None, 2),),
    )
    shift = services.shift_sign_up(
        need=StreamNeed.objects.get(stream=stream), actor=mia, occurs_on=first
    )

    page = signed_in_page(owner, "/c/aurora/schedule/")
    card = page.locator(f"#occ-{stream.pk}-{first:%Y%m%d}")
    card.get_by_text("Move this date").click()
    card.get_by_label("New date").fill((first + timedelta(days=1)).isoformat())
    card.get_by_label("New start time").fill("21:30")
    card.get_by_role("button", name="Move the stream").click()
    expect(page.get_by_text("Stream moved for that day.")).to_be_visible()
    expect(card.get_by_text("Moved", exact=True)).to_be_visible()
    audit(page)
    later = page.locator(f"#occ-{stream.pk}-{first + timedelta(days=7):%Y%m%d}")
    expect(later.get_by_text("Moved", exact=True)).to_have_count(0)
    assert Notification.objects.filter(event="occurrence.moved", recipient=mia).exists()

    # Every swap now needs a lead's approval.
    page.get_by_label("Every swap needs the approval of someone who manages the team").check()
    page.get_by_role("button", name="Save the swap rule").click()
    expect(page.get_by_text("every swap waits for a lead's approval")).to_be_visible()
    services.shift_offer(shift=shift, actor=mia)
    ada_page = signed_in_page(ada, "/c/aurora/schedule/")
    expect(ada_page.get_by_text("a swap takes effect once")).to_be_visible()
    ada_page.get_by_role("button", name=re.compile(r"^Take this shift")).first.click()
    expect(ada_page.get_by_text("once a lead approves the swap")).to_be_visible()
    shift.refresh_from_db()
    assert shift.user == mia and shift.taker == ada
    lead_page = signed_in_page(lead, "/c/aurora/schedule/")
    lead_page.get_by_role("button", name="Approve swap").first.click()
    expect(lead_page.get_by_text("Swap approved.")).to_be_visible()
    shift.refresh_from_db()
    assert shift.user == ada and shift.taker is None
