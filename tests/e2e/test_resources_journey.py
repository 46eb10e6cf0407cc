"""Issue #15's journey in a browser.

A lead writes a checklist and an article required for the Trainee role; the trainee finds both
on the dashboard and works through the checklist; the lead watches progress move in the grid.
The channel then shares the article with the community library, where a moderator of another
channel finds it by search and adds it to their own library. Screenshots of the library, the
checklist and the progress grid are saved.
"""

from playwright.sync_api import expect

from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory, add_member

ITEMS = ["Read the channel norms", "Shadow one stream", "Ask the lead a question"]


def add_resource(page, kind: str, title: str, content: dict):
    page.get_by_role("link", name="Add a resource").first.click()
    page.get_by_role("link", name=kind, exact=True).click()
    page.get_by_label("Title:").fill(title)
    for label, value in content.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Tags:").fill("getting-started")
    page.get_by_role("group", name="Required training for roles").get_by_label("Trainee").check()
    audit(page)
    page.get_by_role("button", name="Add to the library").click()
    expect(page.get_by_text("Resource added to the library.")).to_be_visible()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    page.get_by_role("link", name="Back to the library").click()


def test_required_training_progress_and_sharing(signed_in_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    lead = add_member(channel, username="lena", display_name="Lena", roles=["Lead Moderator"]).user
    trainee = add_member(channel, username="tom", display_name="Tom", roles=["Trainee"]).user
    other_lead = UserFactory(username="omar", display_name="Omar")
    ChannelFactory(name="Ember Plays", slug="ember", owner=other_lead)

    # The lead writes a checklist and an article, both required for trainees.
    page = signed_in_page(lead, "/c/aurora/")
    page.get_by_role("link", name="Training", exact=True).click()
    expect(page.get_by_role("heading", name="The library is empty")).to_be_visible()
    audit(page)
    add_resource(page, "Checklist", "First week checklist", {"Checklist items:": "\n".join(ITEMS)})
    add_resource(
        page,
        "Article",
        "How we keep chat kind",
        {"Article:": "Remind **once**, then time out for five minutes with a reason."},
    )
    expect(page.get_by_role("link", name="First week checklist")).to_be_visible()
    expect(page.get_by_role("link", name="How we keep chat kind")).to_be_visible()
    audit(page)
    screenshot(page, "resources-library")

    # The grid starts with everything to do.
    page.get_by_role("link", name="Training progress").click()
    row = page.get_by_role("row", name="Tom")
    expect(row).to_contain_text("0 / 2")
    audit(page)

    # The trainee sees both on the dashboard and works through the checklist.
    trainee_page = signed_in_page(trainee, "/dashboard/")
    todo = trainee_page.get_by_role("region", name="Training to do")
    expect(todo.get_by_role("link", name="How we keep chat kind")).to_be_visible()
    screenshot(trainee_page, "resources-dashboard-todo")
    todo.get_by_role("link", name="First week checklist").click()
    expect(trainee_page.get_by_text("0 of 3 ticked")).to_be_visible()
    for item in ITEMS:
        trainee_page.locator(".checklist-item", has_text=item).get_by_role("button").click()
    expect(trainee_page.get_by_text("Checklist complete. Well done!")).to_be_visible()
    expect(trainee_page.get_by_text("3 of 3 ticked")).to_be_visible()
    audit(trainee_page)
    screenshot(trainee_page, "resources-checklist")
    trainee_page.goto("/dashboard/")
    todo = trainee_page.get_by_role("region", name="Training to do")
    expect(todo.get_by_role("link", name="First week checklist")).to_have_count(0)

    # The lead sees progress move.
    page.reload()
    expect(page.get_by_role("row", name="Tom")).to_contain_text("1 / 2")
    screenshot(page, "resources-progress-grid")

    # The channel shares the article with the community.
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="How we keep chat kind").click()
    page.get_by_role("link", name="Share with the community").click()
    audit(page)
    page.get_by_role("button", name="Share with the community").click()
    expect(page.get_by_text("Shared with the community library.")).to_be_visible()

    # A moderator of another channel finds it by search and adds it to their channel.
    other = signed_in_page(other_lead, "/resources/")
    search = other.get_by_role("search", name="Search the community library")
    search.get_by_label("Search:").fill("time out reason")
    search.get_by_role("button", name="Search").click()
    audit(other)
    screenshot(other, "resources-community-search")
    other.get_by_role("link", name="How we keep chat kind").click()
    expect(other.get_by_text("shared by Aurora Live")).to_be_visible()
    audit(other)
    other.get_by_role("link", name="Add to my channel").click()
    other.get_by_label("Add to the library of:").select_option(label="Ember Plays")
    other.get_by_role("button", name="Add to the library").click()
    expect(other.get_by_text("Added to the library of Ember Plays.")).to_be_visible()
    expect(
        other.get_by_text("Added from the community library, shared by Aurora Live.")
    ).to_be_visible()
    expect(other.get_by_role("link", name="See the original")).to_be_visible()
    audit(other)
