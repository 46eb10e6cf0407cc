"""Issue #13's recruitment journeys in a browser.

The streamer writes an opening and its two questions with JavaScript off (the editor is plain
forms) and opens it; a moderator finds it on the board by language and applies. The first
journey ends with the moderator withdrawing; the second is the whole pipeline: the streamer
reviews with htmx, starts a trial, accepts, and the moderator lands in the team, told at each
step. Screenshots of the board, the application form and the review pipeline are saved.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory


def post_opening(signed_in_page, screenshot, streamer):
    """The streamer writes an opening with two questions and opens it; returns their page."""
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

    return page


def find_and_apply(signed_in_page, screenshot, applicant):
    """The moderator finds the opening on the board by language and applies; returns their page."""
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

    return mod


def test_streamer_posts_an_opening_and_a_moderator_applies(signed_in_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    applicant = UserFactory(username="robin", display_name="Robin")
    page = post_opening(signed_in_page, screenshot, streamer)
    mod = find_and_apply(signed_in_page, screenshot, applicant)

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


def test_streamer_reviews_trials_and_accepts_and_the_moderator_joins(signed_in_page, screenshot):
    """Issue #13, the whole journey: the streamer posts an opening with two questions, a
    moderator finds it on the board and applies, the streamer reviews it with htmx, starts a
    trial, then accepts; the moderator sees the channel and role and was told at each step."""
    streamer = UserFactory(username="skye", display_name="Skye")
    ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    applicant = UserFactory(username="robin", display_name="Robin")
    page = post_opening(signed_in_page, screenshot, streamer)
    find_and_apply(signed_in_page, screenshot, applicant)

    page = signed_in_page(streamer, "/c/aurora/openings/")
    page.get_by_role("link", name="Applications", exact=True).click()
    card = page.locator(".review-card", has_text="@robin")
    expect(card).to_contain_text("Submitted")
    audit(page)
    # htmx: the card re-renders in place.
    card.get_by_label("Move to").select_option(label="In review")
    card.get_by_role("button", name=re.compile(r"^Move")).click()
    expect(card).to_contain_text("In review")
    expect(card.get_by_role("status")).to_have_text("Moved.")
    states = page.get_by_role("navigation", name="Filter by state")
    expect(states.get_by_role("link", name="In review 1")).to_be_visible()
    expect(states.get_by_role("link", name="Submitted 0")).to_be_visible()
    screenshot(page, "recruitment-review")

    # The detail: answers with their question, a note and a vote for the team only.
    card.get_by_role("link", name="Robin").click()
    expect(page.get_by_text("I chat here every evening.")).to_be_visible()
    page.get_by_label("Add a note for the team").fill("Friendly and regular in chat.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()
    page.get_by_role("group", name="Your vote").get_by_label("For").check()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("1 for")).to_be_visible()
    decision = page.locator("section", has=page.get_by_role("heading", name="Decision"))
    decision.get_by_label("Move to").select_option(label="On trial")
    decision.get_by_label("Message to the applicant (optional)").fill("Two weeks with us!")
    decision.get_by_role("button", name=re.compile(r"^Move")).click()
    expect(page.get_by_text("Application moved.")).to_be_visible()
    expect(page.locator(".section-header .pill")).to_have_text("On trial")
    audit(page)
    screenshot(page, "recruitment-review-detail")
    decision.get_by_label("Move to").select_option(label="Accepted")
    decision.get_by_label("Message to the applicant (optional)").fill("Welcome aboard!")
    decision.get_by_role("button", name=re.compile(r"^Move")).click()
    expect(page.locator(".section-header .pill")).to_have_text("Accepted")
    expect(page.get_by_text("This application is final.")).to_be_visible()

    # The moderator is on the team with the opening's role, and was told at each step.
    mod = signed_in_page(applicant, "/dashboard/")
    expect(mod.get_by_role("link", name="Aurora Live").first).to_be_visible()
    expect(mod.get_by_text("Moderator", exact=True).first).to_be_visible()
    mod.goto("/notifications/")
    for summary in (
        "Aurora Live is reviewing your application to “Evening moderator”.",
        re.compile(r"^Aurora Live offered you a trial for “Evening moderator” until "),
        "Aurora Live accepted your application to “Evening moderator”.",
    ):
        exact = {"exact": True} if isinstance(summary, str) else {}
        expect(mod.get_by_role("button", name=summary, **exact)).to_be_visible()
    expect(mod.get_by_text("Friendly and regular in chat.")).to_have_count(0)
    audit(mod)
    screenshot(mod, "recruitment-review-notifications")
