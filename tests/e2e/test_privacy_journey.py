"""A member takes their data and leaves: export (progress polled by htmx, then download),
delete the account, the grace period (signing in cancels it), the erasure, and the old
credentials refused afterwards."""

import io
import zipfile

from django.utils import timezone
from playwright.sync_api import expect

from channels.models import Channel
from portal.notifications.models import Notification
from privacy import erasure, exports, tasks
from privacy.models import AccountDeletion, ChannelDeletion, DataExport
from tests.e2e.conftest import audit
from tests.factories import PASSWORD, ChannelFactory, UserFactory, add_member


def sign_in(page, login):
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def reauthenticate(page):
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_export_shows_progress_then_downloads(new_page, screenshot, monkeypatch):
    person = UserFactory(username="quill", display_name="Quill Onyx")
    add_member(ChannelFactory(name="Nova Streams", slug="nova"), user=person, roles=["Moderator"])
    # The worker is late: the page shows the export being built until it is done.
    monkeypatch.setattr(tasks.build_export, "delay", lambda pk: None)
    page = new_page("/", user=person)
    page.locator("summary", has_text="account menu").click()
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Export my data").click()
    expect(page.get_by_text("This page updates by itself")).to_be_visible()
    screenshot(page, "privacy-export-building")
    exports.export_build(export_id=DataExport.objects.get(user=person).pk)
    # htmx polls the status every 2 seconds and swaps in the download link.
    link = page.get_by_role("link", name="Download your data")
    expect(link).to_be_visible(timeout=8_000)
    audit(page)
    with page.expect_download() as download:
        link.click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        names = archive.namelist()
        assert "README.md" in names and "memberships.json" in names
        assert b"nova" in archive.read("memberships.json")


def test_delete_account_grace_period_then_refused(new_page, screenshot):
    person = UserFactory(username="quill", display_name="Quill Onyx")
    add_member(ChannelFactory(name="Nova Streams", slug="nova"), user=person, roles=["Moderator"])
    page = new_page("/")
    sign_in(page, "quill")
    page.goto("/account/data/")
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", name="What happens")).to_be_visible()
    audit(page)
    screenshot(page, "privacy-delete-account")
    page.get_by_label("I understand that my account and personal data will be erased.").check()
    page.get_by_role("button", name="Delete my account").click()
    # Re-authentication first; allauth then resumes the deletion request.
    reauthenticate(page)
    expect(page.get_by_role("heading", name="Your account will be deleted")).to_be_visible()
    audit(page)
    assert AccountDeletion.objects.get(user=person).state == "pending"

    # Signing in during the grace period keeps the account.
    sign_in(page, "quill")
    expect(page.get_by_text("Your account will not be deleted")).to_be_visible()
    assert AccountDeletion.objects.get(user=person).state == "cancelled"

    # Asked again, and this time the grace period runs out.
    page.goto("/account/delete/")
    page.get_by_label("I understand that my account and personal data will be erased.").check()
    page.get_by_role("button", name="Delete my account").click()
    reauthenticate(page)
    expect(page.get_by_role("heading", name="Your account will be deleted")).to_be_visible()
    AccountDeletion.objects.filter(user=person).update(due_at=timezone.now())
    assert erasure.erase_due() == 1

    for login in ("quill", "quill@example.com"):
        sign_in(page, login)
        expect(page.get_by_text("not correct")).to_be_visible()
    screenshot(page, "privacy-sign-in-refused")


def test_owner_deletes_a_channel_by_typing_its_slug(new_page, screenshot):
    owner = UserFactory(username="streamer")
    channel = ChannelFactory(name="Nova Streams", slug="nova", owner=owner)
    add_member(channel, username="quill", roles=["Moderator"])
    page = new_page("/")
    sign_in(page, "streamer")
    page.goto("/c/nova/settings/")
    page.get_by_role("link", name="Delete channel").click()
    expect(page.get_by_role("heading", name="Delete Nova Streams?")).to_be_visible()
    audit(page)
    page.get_by_label("Type the channel's address to confirm").fill("nova")
    page.get_by_role("button", name="Delete channel").click()
    reauthenticate(page)  # then allauth resumes the deletion request
    expect(page.get_by_text("The team has been told")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel the deletion")).to_be_visible()
    screenshot(page, "privacy-channel-deletion-scheduled")
    assert Notification.objects.filter(
        recipient__username="quill", event="channel.deletion_scheduled"
    ).exists()
    ChannelDeletion.objects.update(due_at=timezone.now())
    assert erasure.channel_delete_due() == 1
    assert not Channel.objects.filter(slug="nova").exists()
