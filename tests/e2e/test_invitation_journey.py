"""Issue #13: an email invitation to a new address survives sign-up and lands in the team.

The streamer invites an address that has no account, with a role and a message (with script
in it, which stays text). The email arrives through the outbox; the person opens its link,
signs up with that address, confirms it from the verification email, logs in, finds the
invitation on their dashboard, accepts, and sees the channel and role on their dashboard.
Screenshots of the team's invitations, the link page and both dashboards are saved.
"""

import re

from django.core import mail
from playwright.sync_api import expect

from channels.models import AuditEvent, Membership
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory

PASSWORD = "river-runs-deep-42"
MESSAGE = "Loved your chat presence! <script>document.title='pwned'</script>"


def link_in(message, pattern) -> str:
    return re.search(pattern, message.body).group(0)


def test_an_email_invitation_survives_sign_up(signed_in_page, new_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)

    # The streamer invites an address without an account, as Moderator, with a message.
    page = signed_in_page(streamer, "/c/aurora/team/")
    page.get_by_role("link", name="Invite a moderator").first.click()
    expect(page.get_by_role("heading", name="Invitations", level=1)).to_be_visible()
    form = page.get_by_role("region", name="Invite a moderator")
    form.get_by_label("or email address").fill("River@Example.com")
    form.get_by_role("group", name="Roles offered").get_by_label("Moderator", exact=True).check()
    form.get_by_label("Message (optional)").fill(MESSAGE)
    form.get_by_role("button", name="Send invitation").click()
    expect(
        page.get_by_role("status").get_by_text("Invitation sent to river@example.com.")
    ).to_be_visible()
    pending = page.get_by_role("region", name="Waiting for an answer")
    expect(pending.get_by_role("cell", name="river@example.com", exact=True)).to_be_visible()
    audit(page)
    screenshot(page, "invitation-team")

    # The email came through the outbox, with the inviter, the channel, the role and the link.
    [invitation_email] = [m for m in mail.outbox if m.to == ["river@example.com"]]
    assert "Skye" in invitation_email.subject and "Aurora Live" in invitation_email.subject
    assert "Moderator" in invitation_email.body and MESSAGE in invitation_email.body
    html = invitation_email.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    link = link_in(invitation_email, r"/invitations/[\w-]+/")

    # The person opens the link without an account and signs up from it.
    visitor = new_page(link)
    expect(
        visitor.get_by_role("heading", name="You're invited to join the team of Aurora Live")
    ).to_be_visible()
    audit(visitor)
    screenshot(visitor, "invitation-link-anonymous")
    visitor.get_by_role("link", name="Sign up").last.click()
    expect(visitor.get_by_role("heading", name="Sign Up")).to_be_visible()
    visitor.get_by_label("Email").fill("river@example.com")
    visitor.get_by_label("Username").fill("river")
    visitor.get_by_label("Password:", exact=True).fill(PASSWORD)
    visitor.get_by_label("Password (again)").fill(PASSWORD)
    visitor.get_by_role("button", name="Sign Up").click()
    expect(visitor.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The verification email arrives through the outbox too; confirming verifies the address.
    [verification] = [m for m in mail.outbox if "confirm-email" in m.body]
    visitor.goto(link_in(verification, r"https?://\S+/accounts/confirm-email/\S+/"))
    visitor.get_by_role("button", name="Confirm").click()
    visitor.goto("/accounts/login/")
    visitor.get_by_label("Username or email").fill("river")
    visitor.get_by_label("Password:", exact=True).fill(PASSWORD)
    visitor.get_by_role("button", name="Sign In").click()

    # The invitation waits on the dashboard.
    expect(visitor.get_by_role("heading", name="Welcome, river")).to_be_visible()
    panel = visitor.get_by_role("region", name="Your invitations")
    expect(panel.get_by_role("link", name="Aurora Live")).to_be_visible()
    expect(panel).to_contain_text("Moderator")
    audit(visitor)
    screenshot(visitor, "invitation-dashboard-pending")

    # The link now shows the whole invitation; the script in the message is just text.
    visitor.goto(link)
    expect(visitor.get_by_role("heading", name="Join the team of Aurora Live?")).to_be_visible()
    expect(visitor.get_by_text("document.title='pwned'", exact=False)).to_be_visible()
    assert visitor.title() != "pwned"
    audit(visitor)
    screenshot(visitor, "invitation-link")
    visitor.get_by_role("button", name="Accept and join").click()
    expect(visitor.get_by_text("Welcome to the team of Aurora Live!")).to_be_visible()

    # They land in the team: the dashboard shows the channel and the role.
    visitor.goto("/dashboard/")
    moderated = visitor.get_by_role("region", name="Channels you moderate")
    expect(moderated.get_by_role("link", name="Aurora Live")).to_be_visible()
    expect(moderated.get_by_text("Moderator")).to_be_visible()
    expect(visitor.get_by_role("region", name="Your invitations")).to_contain_text(
        "No invitations waiting"
    )
    audit(visitor)
    screenshot(visitor, "invitation-dashboard-joined")

    river = Membership.objects.get(channel=channel, user__username="river")
    assert river.added_by == streamer
    assert [r.name for r in river.roles.all()] == ["Moderator"]
    joined = AuditEvent.objects.get(channel=channel, action="membership.joined")
    assert (joined.actor, joined.after["via"]) == (streamer, "invitation")

    # The streamer was told.
    page.goto("/notifications/")
    accepted = "river accepted the invitation and joined the team of Aurora Live."
    expect(page.get_by_role("button", name=accepted, exact=True)).to_be_visible()
