"""Issue #13, first slice: a streamer posts an opening, a moderator finds it and applies.

The streamer writes the opening and its two questions with JavaScript off (the editor is plain
forms), opens it, a moderator finds it on the board by language, applies, sees it under My
applications and withdraws it; the streamer is notified of both. Screenshots of the board and
the application form are saved.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory


def test_streamer_posts_an_opening_and_a_moderator_applies(signed_in_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    applicant = UserFactory(username="robin", display_name="Robin")

    # The streamer writes the opening without JavaScript (axe needs it: the sweep audits these
    # pages with JavaScript on).
    page = signed_in_page(streamer, "/c/aurora/", javascript=False)
    page.get_by_role("link", name="Manage your channel's openings").click()
    expect(page.get_by_role("heading", name="No openings yet")).to_be_visible()
    page.get_by_role("link", name="New opening").first.click()
    page.get_by_label("Title:").fill("Evening moderator")
    page.get_by_label("Role offered:").select_option(label="Moderator")
    page.get_by_label("Description:").fill("Keep our **late-night** chat kind.")
    page.get_by_label("Languages:").select_option(["de", "en"])
    page.get_by_label("Time zone:").select_option("Europe/Berlin")
    page.get_by_label("Hours:").fill("Tue and Thu, 20:00–23:00")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    add = page.locator("form", has=page.get_by_role("button", name="Add question"))
    add.get_by_label("Question:").fill("Why do you want to moderate here?")
    add.get_by_label("Kind of answer:").select_option(label="Long text")
    add.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    add = page.locator("form", has=page.get_by_role("button", name="Add question"))
    add.get_by_label("Question:").fill("Which evenings can you cover?")
    add.get_by_label("Kind of answer:").select_option(label="Several choices")
    add.get_by_label("Choices:").fill("Tuesday\nThursday")
    add.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Which evenings can you cover?")).to_be_visible()

    screenshot(page, "recruitment-opening-editor")
    page.get_by_role("link", name="Open to applicants").click()
    expect(
        page.get_by_role("heading", name="Open “Evening moderator” to applicants?")
    ).to_be_visible()
    page.get_by_role("button", name="Open to applicants").click()
    expect(page.get_by_text("The opening is on the board and takes applications.")).to_be_visible()

    # A moderator finds it on the board by language and applies.
    mod = signed_in_page(applicant, "/openings/")
    filters = mod.get_by_role("search", name="Filter openings")
    filters.get_by_label("Language:").select_option(label="German")
    filters.get_by_role("button", name="Search").click()
    expect(mod.get_by_role("link", name="Evening moderator", exact=True)).to_be_visible()
    audit(mod)
    screenshot(mod, "recruitment-board")
    mod.get_by_role("link", name="Evening moderator", exact=True).click()
    expect(mod.get_by_role("heading", name="Evening moderator", level=1)).to_be_visible()
    expect(mod.locator(".prose strong", has_text="late-night")).to_be_visible()
    audit(mod)
    mod.get_by_role("link", name=re.compile(r"^Apply\W+Evening moderator$")).click()

    # Sending nothing shows each question's error by it, and sends nothing.
    mod.get_by_role("button", name="Send application").click()
    expect(mod.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    expect(mod.locator(".field-errors")).to_have_count(2)
    mod.get_by_label("Why do you want to moderate here?").fill("I chat here every evening.")
    mod.get_by_role("group", name="Which evenings can you cover?").get_by_label("Thursday").check()
    mod.get_by_label("Message to the team").fill("Hi Skye!")
    audit(mod)
    screenshot(mod, "recruitment-apply-form")
    mod.get_by_role("button", name="Send application").click()
    expect(mod.get_by_text("Your application to Aurora Live is sent.")).to_be_visible()
    expect(mod.get_by_role("heading", name="Evening moderator")).to_be_visible()
    expect(mod.get_by_text("Submitted", exact=True)).to_be_visible()
    audit(mod)
    screenshot(mod, "recruitment-my-applications")

    # The streamer is told.
    page.goto("/notifications/")
    applied = "Robin applied to “Evening moderator” in Aurora Live."
    expect(page.get_by_role("button", name=applied, exact=True)).to_be_visible()

    # The moderator withdraws, after confirming.
    mod.get_by_role("link", name=re.compile(r"^Withdraw\W+Evening moderator$")).click()
    audit(mod)
    mod.get_by_role("button", name="Withdraw application").click()
    expect(mod.get_by_text("Your application is withdrawn.")).to_be_visible()
    expect(mod.get_by_text("Withdrawn", exact=True)).to_be_visible()
    page.goto("/notifications/")
    withdrew = "Robin withdrew their application to “Evening moderator” in Aurora Live."
    expect(page.get_by_role("button", name=withdrew, exact=True)).to_be_visible()
