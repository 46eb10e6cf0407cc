"""Issue #17: a moderator writes a debrief of a raid involving two norms; a lead comments,
marks the lessons agreed, proposes a change to one norm and publishes it; the published
version links the debrief, and the norm's team view shows it. Screenshots of the form, the
debrief, the published version and the norm's view."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from debriefs.models import Debrief, NormChange
from portal.notifications.models import Notification
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory, add_member
from tests.norms.factories import add_norms, publish


def test_a_raid_debrief_leads_to_a_norm_change(signed_in_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    lead = add_member(channel, username="lena", display_name="Lena", roles=["Lead Moderator"]).user
    moderator = add_member(channel, username="milo", display_name="Milo", roles=["Moderator"]).user
    add_norms(channel, lead, ["Be kind to each other", "No spam or bots", "Keep everyone safe"])
    publish(channel, lead, summary="Our first rules.")

    # The moderator writes the debrief of last night's raid, naming two norms.
    page = signed_in_page(moderator, "/c/aurora/debriefs/")
    expect(page.get_by_role("heading", name="No debriefs yet")).to_be_visible()
    page.get_by_role("link", name="Write the first debrief").click()
    expect(page.get_by_text("Don't paste chat logs with usernames")).to_be_visible()
    started = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Title").fill("Bot raid during the charity stream")
    page.get_by_label("When it started").fill(started)
    page.get_by_label("How long it lasted (minutes)").fill("25")
    page.get_by_label("Stream or event").fill("Charity stream")
    page.get_by_label("What happened").fill(
        "About **200 bot accounts** arrived with a raid and spammed slurs. "
        "<script>document.title='pwned'</script>"
    )
    page.get_by_label("1. Be kind to each other").check()
    page.get_by_label("2. No spam or bots").check()
    page.get_by_label(re.compile(r"^Moderator 1:?$")).select_option(label="milo")
    page.get_by_label(re.compile(r"^Action 1:?$")).select_option(label="Ban")
    page.get_by_label(re.compile(r"^Moderator 2:?$")).select_option(label="lena")
    page.get_by_label(re.compile(r"^Action 2:?$")).select_option(label="Something else")
    page.get_by_label(re.compile(r"^Details 2:?$")).fill("Turned on followers-only mode")
    page.get_by_label("What went well").fill("Bans within two minutes.")
    page.get_by_label("What to do differently").fill("Followers-only mode at the first sign.")
    audit(page)
    screenshot(page, "debriefs-form")
    page.get_by_role("button", name="Save the debrief").click()
    expect(page.get_by_text("Debrief saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Bot raid during the charity stream")).to_be_visible()
    assert page.title() != "pwned"
    debrief = Debrief.objects.get()
    assert [link.title for link in debrief.norm_links.all()] == [
        "Be kind to each other",
        "No spam or bots",
    ]

    # The lead joins the thread and marks the lessons agreed.
    lead_page = signed_in_page(lead, debrief.get_absolute_url())
    lead_page.get_by_label("Your comment").fill(
        "Good call on followers-only. Let's make it a rule."
    )
    lead_page.get_by_role("button", name="Add comment").click()
    expect(lead_page.get_by_text("Comment added.")).to_be_visible()
    expect(lead_page.get_by_text("Let's make it a rule.")).to_be_visible()
    lead_page.get_by_role("link", name="Mark lessons agreed").click()
    lead_page.get_by_label("Lessons agreed").fill(
        "At the first sign of a bot raid, turn on followers-only mode, then ban."
    )
    lead_page.get_by_role("button", name="Agree the lessons").click()
    expect(lead_page.get_by_text("Lessons agreed. The team has been told.")).to_be_visible()
    expect(lead_page.get_by_role("heading", name="Lessons agreed")).to_be_visible()
    audit(lead_page)
    screenshot(lead_page, "debriefs-detail")

    # ... proposes a change to the spam norm, edits it in the draft and publishes it.
    lead_page.get_by_label("Norm to change").select_option(label="2. No spam or bots")
    lead_page.get_by_label("Why it should change").fill("Say what we do in a bot raid.")
    lead_page.get_by_role("button", name="Edit the norm in the draft").click()
    expect(lead_page.get_by_role("heading", name="Edit norm", level=1)).to_be_visible()
    lead_page.get_by_label("Explanation").fill(
        "No spam, no bots. In a bot raid: followers-only mode first, then ban."
    )
    lead_page.get_by_role("button", name="Save norm").click()
    expect(lead_page.get_by_text("Draft norm saved.")).to_be_visible()
    lead_page.get_by_role("link", name="Review and publish").click()
    links = lead_page.get_by_role("note", name="Where this change came from")
    expect(
        links.get_by_role("link", name=re.compile("Bot raid during the charity"))
    ).to_be_visible()
    lead_page.get_by_label("Change summary").fill("Bot raids: followers-only mode first.")
    lead_page.get_by_label("It changes what moderators must do").check()
    lead_page.get_by_role("button", name="Publish", exact=True).click()
    expect(lead_page.get_by_role("heading", name="Norms version 2")).to_be_visible()
    proposed = lead_page.get_by_role("note", name="Where this change came from")
    expect(proposed).to_contain_text("This change was proposed in:")
    expect(
        proposed.get_by_role("link", name=re.compile("Bot raid during the charity"))
    ).to_be_visible()
    expect(lead_page.get_by_text("Say what we do in a bot raid.")).to_be_visible()
    audit(lead_page)
    screenshot(lead_page, "debriefs-version-links-debrief")
    change = NormChange.objects.get()
    assert change.version.number == 2
    assert Notification.objects.filter(event="debrief.norm_changed", recipient=moderator).exists()

    # The link leads back to the debrief, which says where its change went.
    proposed.get_by_role("link", name=re.compile("Bot raid during the charity")).click()
    expect(lead_page.get_by_text("published in version 2")).to_be_visible()

    # The norm's team view shows the debrief and the actions taken.
    page.goto("/c/aurora/norms/current/")
    page.locator("#rule-2").get_by_role("link", name="Debriefs about this norm").click()
    expect(page.get_by_role("heading", name="Debriefs about “No spam or bots”")).to_be_visible()
    expect(page.get_by_role("link", name="Bot raid during the charity stream")).to_be_visible()
    expect(page.get_by_role("row", name="Ban 1")).to_be_visible()
    expect(page.get_by_role("row", name="Something else 1")).to_be_visible()
    audit(page)
    screenshot(page, "debriefs-norm-view")
