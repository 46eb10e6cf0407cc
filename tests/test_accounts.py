"""The account flows through django-allauth: sign-up, verification, login, reset, MFA."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.totp import enrol_totp, totp

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-better-passphrase-42"


def link_in(message, pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
    assert match, f"no link matching {pattern!r} in:\n{message.body}"
    return match.group(1)


def sign_up(client, *, username="newmod", email="newmod@example.com", password=NEW_PASSWORD):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": password, "password2": password},
    )


def log_in(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_sign_up_sends_verification_mail_and_login_waits_for_it(
    client, django_user_model, django_capture_on_commit_callbacks
):
    # Account emails leave through the outbox once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = django_user_model.objects.get(username="newmod")
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newmod@example.com"]

    # Before verifying, logging in only re-sends the pointer to the mail.
    client.logout()
    response = log_in(client, "newmod", NEW_PASSWORD)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirm = link_in(mail.outbox[0], r"/accounts/confirm-email/[^/\s]+/")
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    assert user.emailaddress_set.get().verified

    response = log_in(client, "newmod", NEW_PASSWORD)
    assert response["Location"] == reverse("dashboard")
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert "newmod" in page.content.decode()


def test_logout_ends_the_session(client, user):
    assert log_in(client, "alice", PASSWORD).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_login_with_wrong_password_says_so(client, user):
    response = log_in(client, "alice", "not-the-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_attempts_are_rate_limited(client, user):
    for _ in range(5):
        log_in(client, "alice", "wrong")
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", NEW_PASSWORD, "Enter a valid email address."),
        ("x@example.com", "password", "This password is too common."),
        ("x@example.com", "12345678901", "This password is entirely numeric."),
        ("x@example.com", "short", "This password is too short."),
    ],
)
def test_sign_up_refuses_bad_input_with_a_clear_message(
    client, django_user_model, email, password, message
):
    response = sign_up(client, username="x", email=email, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not django_user_model.objects.filter(username="x").exists()
    assert mail.outbox == []


def test_sign_up_survives_hostile_input(client, django_user_model):
    response = sign_up(client, username="a\x00b" + "x" * 5000, email="a\x00@example.com")
    assert response.status_code == 200
    assert django_user_model.objects.count() == 0


def test_password_reset_by_mail(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    assert response.status_code == 302
    link = link_in(mail.outbox[0], r"/accounts/password/reset/key/[^/\s]+/")
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert log_in(client, "alice", NEW_PASSWORD)["Location"] == reverse("dashboard")


def test_expired_reset_link_is_refused_with_a_clear_page(
    client, user, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    link = link_in(mail.outbox[0], r"/accounts/password/reset/key/[^/\s]+/")
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is now past its lifetime
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "password reset link was invalid" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_link_with_garbage_key_is_refused(client, user):
    response = client.get("/accounts/password/reset/key/zz-\x00garbage/", follow=True)
    assert response.status_code in (200, 404)


def test_mfa_enrolment_then_login_asks_for_a_code(client, user):
    assert log_in(client, "alice", PASSWORD)["Location"] == reverse("dashboard")
    secret = enrol_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    client.post(reverse("account_logout"))
    response = log_in(client, "alice", PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_mfa_enrolment_refuses_a_wrong_code(client, user):
    log_in(client, "alice", PASSWORD)
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:
        client.post(page["Location"], {"password": PASSWORD})
    response = client.post(reverse("mfa_activate_totp"), {"code": "123"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_account_pages_use_the_site_layout(client, user):
    for name in ("account_login", "account_signup", "account_reset_password"):
        body = client.get(reverse(name)).content.decode()
        assert 'class="site-header"' in body
        assert "Skip to content" in body
    log_in(client, "alice", PASSWORD)
    for name in ("account_email", "account_change_password", "mfa_index"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert 'class="site-header"' in response.content.decode()


def test_password_change(client, user):
    log_in(client, "alice", PASSWORD)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_twitch_login_is_hidden_without_credentials(client):
    assert "Twitch" not in client.get(reverse("account_login")).content.decode()


def test_demo_users_can_log_in_after_seeding(client, settings):
    from django.core.management import call_command

    settings.DEBUG = True  # seed_demo is for development; see tests/test_pages.py
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    from portal.pages.management.commands.seed_demo import DEMO_PASSWORD

    assert log_in(client, "streamer", DEMO_PASSWORD)["Location"] == reverse("dashboard")
    assert UserFactory._meta.model.objects.filter(username="admin", is_staff=True).count() == 1
