"""Issue #28: the owner adds a weekly stream needing two moderators; two members sign up from
their dashboards, a third is refused because it is full; one offers a swap and the third takes
it; the health page shows the stream covered; the reminder arrives before the shift."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from shifts.models import Shift
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
