"""Issue #14: a lead drafts the channel's norms, publishes two versions, compares them; a
moderator acknowledges from the notification; the team page shows who has not; an anonymous
visitor reads the public rules. Screenshots of the editor, the comparison and the rules page."""

import re

from playwright.sync_api import expect

from norms.models import Acknowledgement, NormVersion
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory, add_member
from tests.norms.factories import add_norms

NORMS = [
    {
        "title": "Be kind to each other",
        "category": "Behaviour",
        "explanation": "Disagree with ideas, not people. <script>document.title='pwned'</script>",
        "allowed": "Friendly banter",
        "not_allowed": "Insulting another viewer",
        "ladder": ("Remind", None, "Timeout", "10", "Ban", None),
    },
    {
        "title": "No spoilers",
        "category": "Spoilers",
        "explanation": "The streamer plays **blind**.",
        "allowed": "Talking about parts already played",
        "not_allowed": "Puzzle solutions",
        "ladder": ("Delete the message", None, "Timeout", "30", "Ban", None),
    },
    {
        "title": "Keep everyone safe",
        "category": "Safety",
        "explanation": "Never share personal information.",
        "allowed": "",
        "not_allowed": "Posting someone's address",
        "ladder": ("Timeout", "60", "Ban", None, "Escalate to the streamer", None),
    },
]


def add_norm(page, norm):
    page.get_by_role("link", name="Add a norm").first.click()
    expect(page.get_by_role("heading", name="New norm", level=1)).to_be_visible()
    page.get_by_label("Title").fill(norm["title"])
    page.get_by_label("Category").select_option(label=norm["category"])
    page.get_by_label("Explanation").fill(norm["explanation"])
    page.get_by_label(re.compile(r"^Allowed")).fill(norm["allowed"])
    page.get_by_label("Not allowed (one example a line)").fill(norm["not_allowed"])
    first, first_minutes, repeated, repeated_minutes, severe, severe_minutes = norm["ladder"]
    ladder = page.get_by_role("group", name="Enforcement ladder")
    ladder.get_by_label(re.compile(r"^First breach:?$")).select_option(label=first)
    ladder.get_by_label("First breach: timeout minutes").fill(first_minutes or "")
    ladder.get_by_label(re.compile(r"^Repeated breach:?$")).select_option(label=repeated)
    ladder.get_by_label("Repeated breach: timeout minutes").fill(repeated_minutes or "")
    ladder.get_by_label(re.compile(r"^Severe breach:?$")).select_option(label=severe)
    ladder.get_by_label("Severe breach: timeout minutes").fill(severe_minutes or "")
    page.get_by_role("button", name="Add to draft").click()
    expect(page.get_by_text("Norm added to the draft.")).to_be_visible()


def publish(page, summary, change):
    page.get_by_role("link", name="Review and publish").click()
    expect(page.get_by_role("heading", name="Publish norms", level=1)).to_be_visible()
    page.get_by_label("Change summary").fill(summary)
    page.get_by_label(change).check()
    page.get_by_role("button", name="Publish", exact=True).click()


def test_norms_from_draft_to_acknowledgement(signed_in_page, new_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    lead = add_member(channel, username="lena", display_name="Lena", roles=["Lead Moderator"]).user
    moderator = add_member(channel, username="milo", display_name="Milo", roles=["Moderator"]).user
    add_member(channel, username="tara", display_name="Tara", roles=["Trainee"])

    # The lead drafts three norms with their enforcement ladders.
    page = signed_in_page(lead, "/c/aurora/norms/")
    expect(page.get_by_role("heading", name="No norms in the draft yet")).to_be_visible()
    for norm in NORMS:
        add_norm(page, norm)
    draft = page.locator("#draft-list")
    expect(draft.get_by_role("heading", level=3)).to_have_text(
        ["1. Be kind to each other", "2. No spoilers", "3. Keep everyone safe"]
    )
    # Safety first: moved up twice with htmx, the page stays where it is.
    page.get_by_role("button", name="Move up Keep everyone safe").click()
    expect(draft.get_by_role("heading", level=3).nth(1)).to_have_text("2. Keep everyone safe")
    page.get_by_role("button", name="Move up Keep everyone safe").click()
    expect(draft.get_by_role("heading", level=3).first).to_have_text("1. Keep everyone safe")
    # A comment for the team on the spoilers norm.
    page.get_by_text("0 comments on No spoilers").click()
    page.get_by_label("Comment on “No spoilers”").fill("Should this cover the DLC too?")
    page.get_by_role("button", name="Add comment on No spoilers").click()
    expect(page.get_by_text("Comment added.")).to_be_visible()
    assert page.title() != "pwned"
    expect(page.get_by_text("Timeout (10 min)").first).to_be_attached()
    audit(page)
    screenshot(page, "norms-editor")

    publish(page, "Our first rules.", "It changes what moderators must do")
    expect(page.get_by_role("heading", name="Norms version 1")).to_be_visible()
    expect(page.get_by_text("Should this cover the DLC too?")).to_be_visible()

    # One norm changes, and version 2 says why.
    page.goto("/c/aurora/norms/")
    page.get_by_role("link", name="Edit Be kind to each other").click()
    page.get_by_label("Explanation").fill("Disagree with ideas, not people. No pile-ons.")
    page.get_by_role("group", name="Enforcement ladder").get_by_label(
        re.compile(r"^First breach:?$")
    ).select_option(label="Delete the message")
    page.get_by_role("button", name="Save norm").click()
    expect(page.get_by_text("Draft norm saved.")).to_be_visible()
    publish(page, "No pile-ons; delete the message on a first breach.", "It changes what")
    expect(page.get_by_role("heading", name="Norms version 2")).to_be_visible()
    assert NormVersion.objects.filter(channel=channel).count() == 2

    # The history lists both, and compares them side by side.
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("cell", name="lena")).to_have_count(2)
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Version 1 and version 2")).to_be_visible()
    expect(page.locator("ins").filter(has_text="No pile-ons.")).to_be_visible()
    expect(page.locator("del").filter(has_text="Remind")).to_be_visible()
    audit(page)
    screenshot(page, "norms-compare")

    # The moderator acknowledges version 2 from their notification.
    mod_page = signed_in_page(moderator, "/notifications/")
    mod_page.get_by_role("button", name=re.compile("^Lena published version 2")).click()
    expect(mod_page.get_by_role("heading", name="Norms", level=1)).to_be_visible()
    mod_page.get_by_role("button", name="I have read and acknowledge version 2").click()
    expect(mod_page.get_by_text("you acknowledged the channel's norms")).to_be_visible()
    assert Acknowledgement.objects.filter(user=moderator, version__number=2).exists()

    # The team page shows who has not.
    page.goto("/c/aurora/team/")
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="@milo")).to_contain_text("Acknowledged")
    expect(rows.filter(has_text="@tara")).to_contain_text("Not yet")
    expect(rows.filter(has_text="@skye")).to_contain_text("Not yet")
    expect(rows.filter(has_text="@lena")).to_contain_text("Acknowledged")
    audit(page)
    screenshot(page, "norms-team-acknowledgements")

    # Anyone reads the rules, on a phone too.
    visitor = new_page("/c/aurora/rules/", width=390)
    expect(visitor.get_by_role("heading", name="Rules of Aurora Live")).to_be_visible()
    expect(visitor.get_by_text("Version 2")).to_be_visible()
    expect(visitor.get_by_role("heading", name="1. Keep everyone safe")).to_be_visible()
    assert visitor.title() != "pwned"
    audit(visitor)
    screenshot(visitor, "norms-rules-public")


def test_reordering_works_without_javascript(new_page):
    streamer = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    add_norms(channel, streamer, ["First norm", "Second norm"])
    page = new_page("/c/aurora/norms/", user=streamer, javascript=False)
    page.get_by_role("button", name="Move down First norm").click()
    expect(page.locator("#draft-list").get_by_role("heading", level=3)).to_have_text(
        ["1. Second norm", "2. First norm"]
    )
