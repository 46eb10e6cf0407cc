"""Issue #29, done when: a moderator shows their time on one team to another channel as a
credential, and that channel's reviewers see it verified on the application; once revoked,
the reviewers see it flagged, never verified."""

from datetime import timedelta

from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from channels.services import membership_leave
from records.models import ServiceRecord
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory, add_member
from tests.moderators.factories import make_opening


def test_a_credential_travels_to_another_channel_and_is_flagged_once_revoked(
    signed_in_page, screenshot
):
    mara = UserFactory(username="mara")
    nova = ChannelFactory(name="Nova Streams", slug="nova", owner=UserFactory(username="nova"))
    membership = add_member(nova, user=mara, roles=["Lead Moderator"])
    # She led Nova's moderators for fourteen months, then moved on.
    began = timezone.now() - timedelta(days=426)
    ServiceRecord.objects.filter(user=mara).update(started_at=began)
    membership_leave(membership=membership, actor=mara)
    served = f"{date_format(began, 'M Y')} – {date_format(timezone.now(), 'M Y')}"
    skye = UserFactory(username="skye")
    aurora = ChannelFactory(name="Aurora Live", slug="aurora", owner=skye)
    opening = make_opening(aurora, actor=skye, title="Evening moderator")

    # Mara takes her time on Nova's team away as a credential.
    page = signed_in_page(mara, "/me/record/credentials/")
    entry = page.locator("li", has_text="Lead Moderator at Nova Streams")
    entry.get_by_role("button", name="Issue the credential").click()
    expect(page.get_by_text("Your credential is ready to download.")).to_be_visible()
    audit(page)

    # She applies to Aurora and attaches it.
    page.goto(f"/openings/{opening.pk}/apply/")
    page.get_by_label("Lead Moderator at Nova Streams").check()
    screenshot(page, "credentials-apply")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("Your application to Aurora Live is sent.")).to_be_visible()

    # Aurora's streamer reviews: the credential is verified beside the answers.
    review = signed_in_page(skye, "/c/aurora/applications/")
    review.locator(".card-title a").first.click()
    attached = review.locator("#attached-credentials")
    expect(attached.get_by_text("verified", exact=True)).to_be_visible()
    expect(attached).to_contain_text(f"Lead Moderator at Nova Streams, {served}")
    expect(attached).not_to_contain_text("not verified")
    audit(review)
    screenshot(review, "credentials-review-verified")

    # Mara revokes it; the reviewer's next look flags it.
    page.goto("/me/record/credentials/")
    page.get_by_text("Revoke…").click()
    page.get_by_role("button", name="Revoke", exact=True).click()
    expect(page.get_by_text("The credential is revoked; verifiers now see it so.")).to_be_visible()
    review.reload()
    attached = review.locator("#attached-credentials")
    expect(attached).to_contain_text("not verified")
    expect(attached).to_contain_text("The issuer has revoked this credential.")
    expect(attached.get_by_text("verified", exact=True)).to_have_count(0)
    screenshot(review, "credentials-review-revoked")

    # Anyone checks the downloaded credential on the public page too.
    anonymous = signed_in_page(UserFactory(username="visitor"), "/credentials/verify/")
    expect(anonymous.get_by_role("heading", name="Verify a credential")).to_be_visible()
    audit(anonymous)
