"""A newcomer signs up, verifies their email, logs in and finds their account menu."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import audit
from tests.factories import PASSWORD, UserFactory


def test_sign_up_verify_and_log_in(new_page, screenshot):
    page = new_page("/")
    audit(page)
    page.get_by_role("link", name="Sign up").first.click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    audit(page)
    page.get_by_label("Email").fill("river@example.com")
    page.get_by_label("Username").fill("river")
    page.get_by_label("Password:", exact=True).fill("river-runs-deep-42")
    page.get_by_label("Password (again)").fill("river-runs-deep-42")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    audit(page)
    page.get_by_role("button", name="Confirm").click()

    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill("river")
    page.get_by_label("Password:", exact=True).fill("river-runs-deep-42")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Welcome, river")).to_be_visible()

    menu = page.locator("summary", has_text="account menu")
    menu.click()
    expect(page.get_by_role("link", name="Two-factor authentication", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    audit(page)
    screenshot(page, "account-menu")

    page.set_viewport_size({"width": 390, "height": 800})
    screenshot(page, "dashboard-phone")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()


def test_login_form_shows_errors_accessibly(new_page, screenshot):
    UserFactory(username="sam")
    page = new_page("/accounts/login/")
    page.get_by_label("Username or email").fill("sam")
    page.get_by_label("Password:", exact=True).fill("wrong-password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("not correct")).to_be_visible()
    audit(page)
    screenshot(page, "login-error")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Welcome, Sam")).to_be_visible()


def test_error_pages_are_styled(new_page, screenshot):
    page = new_page(None)
    response = page.goto("/c/does-not-exist/")
    assert response.status == 404
    new_page.problems.clear()  # the 404 itself is logged by Chromium as a console error
    expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    audit(page)
    screenshot(page, "not-found")
