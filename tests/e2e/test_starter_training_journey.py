"""Issue #25's last point in a browser: a streamer creates a channel whose team defaults are in
Brazilian Portuguese, opens its training and reads the platform's starter guides in Portuguese,
adds one to the library, and finds it there as the team's own."""

from playwright.sync_api import expect

from resources.starter import ensure_starter_guides, guides
from tests.e2e.conftest import audit
from tests.factories import UserFactory


def test_a_channel_in_portuguese_is_offered_portuguese_starter_guides(signed_in_page, screenshot):
    ensure_starter_guides(actor=UserFactory(is_staff=True, is_superuser=True))
    streamer = UserFactory(username="bia", display_name="Bia")
    titles = [guide.title for guide in guides("pt-br")]

    page = signed_in_page(streamer, "/channels/new/")
    expect(page.get_by_role("heading", name="Create a channel")).to_be_visible()
    page.get_by_label("Display name").fill("Bia Joga")
    page.get_by_label("Address:", exact=True).fill("bia-joga")
    page.get_by_label("Streaming platform").select_option(label="Twitch")
    page.get_by_label("Channel address on the platform").fill("twitch.tv/biajoga")
    page.get_by_label("Language of the team's defaults").select_option("pt-br")
    page.get_by_role("button", name="Create channel").click()
    expect(page).to_have_url("/c/bia-joga/team/")

    page.get_by_role("link", name="Training", exact=True).first.click()
    starters = page.get_by_role("region", name="Starter guides from the platform")
    expect(starters).to_be_visible()
    for title in titles:
        expect(starters.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Moderator roles: who does what in a team")).to_have_count(0)
    audit(page)
    screenshot(page, "starter-guides-pt-br")

    starters.get_by_role("button", name=f"Add to the library {titles[1]}").click()
    expect(page.get_by_role("heading", name=titles[1], level=1)).to_be_visible()
    expect(page.get_by_text("Acalme um chat esquentado")).to_be_visible()
    page.get_by_role("link", name="Back to the library").click()
    expect(page.get_by_role("list").get_by_role("link", name=titles[1]).first).to_be_visible()
    expect(starters.get_by_text("In your library")).to_have_count(1)
    audit(page)
