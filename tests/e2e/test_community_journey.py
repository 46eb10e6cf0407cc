"""Issue #16: a moderator fills their profile and says they are open to new channels; a
streamer finds them in the directory by language and time zone and invites them; they accept
from the hub; the streamer posts a pinned announcement; the health page shows the new member
in the coverage chart. Screenshots of the profile, the directory, the hub and the health page."""

from playwright.sync_api import expect

from channels.models import Membership
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory


def test_a_streamer_finds_and_invites_a_moderator(signed_in_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye", time_zone="Europe/Berlin")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    sam = UserFactory(username="sam", display_name="Sam")

    # Sam fills in the profile: languages, time zone, hours, open to new channels.
    mod = signed_in_page(sam, "/settings/profile/")
    mod.get_by_label("Display name").fill("Sam the Mod")
    mod.get_by_label("Short bio").fill("Calm chat moderator for **cosy** streams.")
    mod.get_by_label("Languages you moderate in").select_option(["de", "en"])
    mod.get_by_label("Time zone:").select_option("Europe/Berlin")
    mod.get_by_label("Twitch").check()
    mod.get_by_label("Monday").fill("18-22")
    mod.get_by_label("Wednesday").fill("18-22")
    mod.get_by_label("Saturday").fill("14-18, 20-23")
    mod.get_by_label("Open to new channels").check()
    mod.get_by_role("button", name="Save profile").click()
    expect(mod.get_by_role("status").get_by_text("Your profile is saved.")).to_be_visible()
    expect(mod.get_by_role("heading", name="Sam the Mod", level=1)).to_be_visible()
    expect(mod.get_by_text("18:00–22:00").first).to_be_visible()
    audit(mod)
    screenshot(mod, "community-profile")

    # The streamer searches the directory by language and hours in their time zone.
    page = signed_in_page(streamer, "/mods/")
    search = page.get_by_role("search", name="Filter moderators")
    search.get_by_label("Language").select_option("de")
    search.get_by_label("Time zone").select_option("Europe/Berlin")
    search.get_by_label("Available during").fill("19-21")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Sam the Mod", exact=True)).to_be_visible()
    audit(page)
    screenshot(page, "community-directory")
    page.get_by_role("link", name="Invite to my channel").click()
    page.get_by_label("Channel and role").select_option(label="Aurora Live — Moderator")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Sam the Mod is invited to Aurora Live.")).to_be_visible()

    # Sam sees the invitation among the hub's tasks and accepts it.
    mod.goto("/community/")
    tasks = mod.get_by_role("region", name="Your tasks")
    expect(tasks.get_by_role("link", name="Invitation to join Aurora Live")).to_be_visible()
    audit(mod)
    screenshot(mod, "community-hub")
    tasks.get_by_role("link", name="Invitation to join Aurora Live").click()
    mod.get_by_role("button", name="Accept").first.click()
    expect(mod.get_by_text("Welcome to the team of Aurora Live!")).to_be_visible()
    assert Membership.objects.filter(channel=channel, user=sam).exists()

    # The streamer posts a pinned announcement; Sam sees it on the dashboard.
    page.goto("/c/aurora/announcements/")
    page.get_by_text("Write an announcement").click()
    page.get_by_label("Title").fill("Welcome, Sam!")
    page.get_by_label("Message").fill("Sam joins us on **Monday** evenings.")
    page.get_by_label("Pin to the team's dashboard").check()
    page.get_by_role("button", name="Post to the team").click()
    expect(page.get_by_role("heading", name="Welcome, Sam!")).to_be_visible()
    audit(page)
    mod.goto("/dashboard/")
    pinned = mod.get_by_role("region", name="Pinned announcements")
    expect(pinned.get_by_role("link", name="Welcome, Sam!")).to_be_visible()

    # The health page shows Sam's hours in the coverage chart and its table.
    page.goto("/c/aurora/health/")
    expect(page.get_by_role("heading", name="Coverage of the week")).to_be_visible()
    chart = page.locator("svg.coverage-chart")
    expect(chart.locator("rect.cov-4")).to_have_count(4 + 4 + 4 + 3)
    page.get_by_text("Coverage as a table").click()
    monday = page.get_by_role("row", name="Mon", exact=False).first
    expect(monday).to_contain_text("1")
    audit(page)
    screenshot(page, "community-health")
