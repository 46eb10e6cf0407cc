"""Issue #3, "Done when": a streamer builds a moderator team in a real browser.

The streamer creates a channel, adds two members, makes one Lead Moderator with the inline htmx
editor, the lead adds a trainee, the audit log shows all of it, and an outsider sees none of the
private pages. A second journey does the same role change without JavaScript and removes a member
through the confirmation page.
"""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_WIDTH, audit
from tests.factories import UserFactory

NOT_FOUND_HEADING = "We couldn't find that page"


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 48), "#7c3aed").save(buffer, format="PNG")
    return buffer.getvalue()


def member_row(page, username):
    """A row of the team table, found by the member's @username."""
    return page.get_by_role("row").filter(has_text=f"@{username}")


def roles_of(page, username):
    """The Roles cell of a member's row (display names can look like role names)."""
    return member_row(page, username).locator('td[data-label="Roles"]')


def column(page, label, text):
    """A cell of the audit table by its column (the data-label the phone layout shows)."""
    exactly = re.compile(rf"^\s*{re.escape(text)}\s*$")
    return page.locator(f'td[data-label="{label}"]').filter(has_text=exactly)


def audit_row(page, action, target, *, who):
    """The one audit entry of `action` on `target` by `who`."""
    return (
        page.get_by_role("row")
        .filter(has=column(page, "What", action))
        .filter(has=column(page, "Target", target))
        .filter(has=column(page, "Who", who))
    )


def invite_and_accept(page, signed_in_page, user, roles=()):
    """Nobody joins without saying yes: the team invites `user` by username from the team page,
    and they accept in a browser of their own. `page` ends back on the team page."""
    team_url = page.url
    page.get_by_role("link", name="Invite a moderator").first.click()
    form = page.get_by_role("region", name="Invite a moderator")
    form.get_by_label("Username").fill(user.username)
    for role in roles:
        form.get_by_role("group", name="Roles offered").get_by_label(role, exact=True).check()
    form.get_by_role("button", name="Send invitation").click()
    sent = page.get_by_role("status").get_by_text(f"Invitation sent to {user.username}.")
    expect(sent).to_be_visible()
    invitee = signed_in_page(user, "/invitations/")
    invitee.get_by_role("button", name=re.compile(r"^Accept\W")).click()
    expect(invitee.get_by_text("Welcome to the team of")).to_be_visible()
    invitee.close()
    page.goto(team_url)


def test_streamer_builds_a_team_and_outsiders_see_none_of_it(signed_in_page, new_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    kit = UserFactory(username="kit", display_name="Kit")
    jules = UserFactory(username="jules", display_name="Jules")
    tam = UserFactory(username="tam", display_name="Tam")
    outsider = UserFactory(username="wanderer", display_name="Wanderer")

    # The streamer creates the channel through the form.
    page = signed_in_page(streamer, "/dashboard/")
    expect(page.get_by_text("You don't own a channel yet.")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Create a channel").first.click()
    expect(page.get_by_role("heading", name="Create a channel")).to_be_visible()
    audit(page)
    page.get_by_label("Display name").fill("Aurora Live")
    page.get_by_label("Address:", exact=True).fill("aurora")
    page.get_by_label("Streaming platform").select_option(label="YouTube")
    page.get_by_label("Channel address on the platform").fill("youtube.com/@auroralive")
    page.get_by_label("About the channel").fill("Cosy **space sims** and late-night chats.")
    page.get_by_label("Languages").select_option(label=["English", "German"])
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("Unlisted: only people with the link").check()
    page.get_by_label("Avatar").set_input_files(
        files=[{"name": "aurora.png", "mimeType": "image/png", "buffer": small_png()}]
    )
    page.get_by_role("button", name="Create channel").click()

    expect(page).to_have_url(re.compile(r"/c/aurora/team/$"))
    expect(page.get_by_text("Your channel is ready. Next, add your moderators.")).to_be_visible()
    expect(page.get_by_role("heading", name="It's just you so far")).to_be_visible()
    audit(page)
    expect(roles_of(page, "skye")).to_have_text("Owner")
    # The uploaded avatar is served back (a decorative image: alt="", so no role to find it by).
    expect(page.locator("img.channel-avatar")).to_have_js_property("naturalWidth", 48)

    # Two members invited by username, who accept: one without a role, one as Moderator.
    invite_and_accept(page, signed_in_page, kit)
    invite_and_accept(page, signed_in_page, jules, roles=["Moderator"])
    expect(roles_of(page, "kit")).to_have_text("No role yet")
    expect(roles_of(page, "jules")).to_have_text("Moderator")
    expect(member_row(page, "jules").get_by_role("cell", name="skye")).to_be_visible()

    # Kit becomes Lead Moderator through the inline editor, without leaving the page.
    team_url = page.url
    page.evaluate("window.journeyMarker = 'same document'")
    member_row(page, "kit").get_by_role("link", name="Change roles of kit").click()
    editor = page.get_by_role("group", name="Roles of kit")
    expect(editor).to_be_visible()
    audit(page)
    screenshot(page, "team-roles-editor")
    editor.get_by_label("Lead Moderator").check()
    page.get_by_role("button", name="Save roles").click()
    expect(editor).to_be_hidden()
    expect(roles_of(page, "kit")).to_have_text("Lead Moderator")
    assert page.url == team_url
    assert page.evaluate("window.journeyMarker") == "same document", "the page reloaded"
    audit(page)
    screenshot(page, "team-page")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    screenshot(page, "team-page-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The lead, in a browser of their own, invites a trainee.
    lead_page = signed_in_page(kit, "/dashboard/")
    moderated = lead_page.get_by_role("region", name="Channels you moderate")
    expect(moderated.get_by_text("Lead Moderator")).to_be_visible()
    audit(lead_page)
    moderated.get_by_role("link", name="Aurora Live").click()
    expect(lead_page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    audit(lead_page)
    invite_and_accept(lead_page, signed_in_page, tam, roles=["Trainee"])
    expect(roles_of(lead_page, "tam")).to_have_text("Trainee")
    expect(member_row(lead_page, "tam").get_by_role("cell", name="kit", exact=True)).to_be_visible()

    # The owner reads the audit log: creation, three invitations sent, accepted and joined
    # (each join on the inviter's authority), one role change.
    page.reload()
    expect(roles_of(page, "tam")).to_have_text("Trainee")
    page.get_by_role("navigation", name="Channel").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(audit_row(page, "Channel created", "Aurora Live", who="skye")).to_be_visible()
    expect(audit_row(page, "Member joined", "kit", who="skye")).to_contain_text("invitation")
    expect(audit_row(page, "Member joined", "jules", who="skye")).to_contain_text("Moderator")
    expect(audit_row(page, "Member joined", "tam", who="kit")).to_contain_text("Trainee")
    expect(audit_row(page, "Invitation accepted", "tam", who="tam")).to_be_visible()
    changed = audit_row(page, "Member's roles changed", "kit", who="skye")
    expect(changed.get_by_role("deletion")).to_have_text("—")  # kit had no role before
    expect(changed).to_contain_text("Lead Moderator")
    expect(page.get_by_role("row")).to_have_count(12)  # the header and eleven changes
    audit(page)
    screenshot(page, "audit-log")

    # Filtering by actor leaves only what the lead did.
    page.get_by_label("Who").fill("kit")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row").filter(has_text="Member joined")).to_have_count(1)
    expect(audit_row(page, "Member joined", "tam", who="kit")).to_be_visible()
    audit(page)

    # The roles page shows who holds what and what each role may do.
    page.get_by_role("navigation", name="Channel").get_by_role("link", name="Roles").click()
    lead_card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Lead Moderator")
    )
    expect(lead_card.get_by_text("1 member", exact=True)).to_be_visible()
    expect(lead_card.get_by_text("Manage the team (add and remove members)")).to_be_visible()
    audit(page)
    screenshot(page, "roles-page")

    # An outsider: every private page is a 404, the public page works.
    outsider_page = signed_in_page(outsider, None)
    for path in ["team/", "roles/", "audit/", "settings/"]:
        response = outsider_page.goto(f"/c/aurora/{path}")
        assert response.status == 404, path
        new_page.problems.clear()  # Chromium logs the 404 document itself as a console error
        expect(outsider_page.get_by_role("heading", name=NOT_FOUND_HEADING)).to_be_visible()
        expect(outsider_page.get_by_text("Jules")).to_have_count(0)
    audit(outsider_page)
    response = outsider_page.goto("/c/aurora/")
    assert response.status == 200
    expect(outsider_page.get_by_role("heading", name="Aurora Live", level=1)).to_be_visible()
    expect(outsider_page.get_by_role("navigation", name="Channel")).to_have_count(0)
    expect(outsider_page.get_by_role("link", name="Go to the team area")).to_have_count(0)
    audit(outsider_page)

    # The public page, as the owner sees it: the listed team, and the way back to the team area.
    page.get_by_role("navigation", name="Channel").get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", name="Aurora Live", level=1)).to_be_visible()
    team_card = page.get_by_role("region", name="The team")
    expect(team_card.get_by_text("Kit", exact=True)).to_be_visible()
    expect(team_card.get_by_text("Lead Moderator")).to_be_visible()
    expect(page.get_by_role("link", name="YouTube")).to_have_attribute(
        "href", "https://youtube.com/@auroralive"
    )
    expect(page.get_by_text("space sims")).to_be_visible()
    screenshot(page, "channel-page")
    audit(page)
    expect(page.get_by_role("link", name="Go to the team area")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Channel")
    expect(tabs.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    tabs.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()


def test_roles_change_without_javascript_and_a_member_is_removed_with_a_reason(
    signed_in_page, new_page, team, screenshot
):
    no_js = signed_in_page(team.owner, "/c/nova/team/", javascript=False)

    # Without htmx the link is a plain link to the full roles page.
    member_row(no_js, "trainee").get_by_role("link", name="Change roles of trainee").click()
    expect(no_js).to_have_url(re.compile(r"/c/nova/team/\d+/roles/$"))
    expect(no_js.get_by_role("heading", name="Roles of Trainee")).to_be_visible()
    roles = no_js.get_by_role("group", name="Roles of trainee")
    expect(roles.get_by_label("Trainee")).to_be_checked()
    roles.get_by_label("Moderator", exact=True).check()
    roles.get_by_label("Trainee").uncheck()
    # axe-core runs as page script, which this context refuses: audit the same page with it on.
    page = signed_in_page(team.owner, no_js.url)
    expect(page.get_by_role("heading", name="Roles of Trainee")).to_be_visible()
    audit(page)
    screenshot(page, "member-roles-page")
    no_js.get_by_role("button", name="Save roles").click()

    expect(no_js).to_have_url(re.compile(r"/c/nova/team/$"))
    expect(no_js.get_by_text("Roles updated.")).to_be_visible()
    expect(roles_of(no_js, "trainee")).to_have_text("Moderator")

    # Removing asks for a reason on its own page.
    page.goto("/c/nova/team/")
    member_row(page, "moderator").get_by_role("link", name="Remove moderator").click()
    expect(page.get_by_role("heading", name="Remove Moderator from the team?")).to_be_visible()
    page.get_by_role("button", name="Remove from team").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(member_row(page, "moderator")).to_have_count(0)  # still on the confirmation page
    audit(page)
    screenshot(page, "member-remove")
    page.get_by_label("Reason").fill("Stepped away from streams for the summer.")
    page.get_by_role("button", name="Remove from team").click()
    expect(page.get_by_text("moderator was removed from the team.")).to_be_visible()
    expect(member_row(page, "moderator")).to_have_count(0)
    expect(member_row(page, "lead")).to_be_visible()

    page.get_by_role("link", name="Audit log").click()
    removed = audit_row(page, "Member removed", "moderator", who="owner")
    expect(removed).to_contain_text("Stepped away from streams for the summer.")
    changed = audit_row(page, "Member's roles changed", "trainee", who="owner")
    expect(changed.get_by_role("deletion")).to_have_text("Trainee")
    expect(changed).to_contain_text("Moderator")

    # The removed moderator no longer gets into the team area.
    gone = signed_in_page(team.moderator, None)
    assert gone.goto("/c/nova/team/").status == 404
    new_page.problems.clear()  # Chromium logs the 404 document itself as a console error
    expect(gone.get_by_role("heading", name=NOT_FOUND_HEADING)).to_be_visible()
