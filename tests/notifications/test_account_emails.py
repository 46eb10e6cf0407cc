"""Account emails (allauth) through the outbox: a mail outage never fails a page."""

import email.utils
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from portal.notifications import tasks
from portal.notifications.models import OutboundEmail, State
from tests.factories import UserFactory
from tests.notifications.smtp import free_port

pytestmark = pytest.mark.django_db

PASSWORD = "a-much-better-passphrase-42"


def sign_up(client, *, username="newmod", address="newmod@mods.test"):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": address, "password1": PASSWORD, "password2": PASSWORD},
    )


def text_of(message, content_type="text/plain") -> str:
    """The decoded body of one part of a message the SMTP sink received."""
    for part in message.walk():
        if part.get_content_type() == content_type:
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no {content_type} part")


def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def test_sign_up_with_the_mail_server_down_answers_the_normal_page_and_mails_later(
    client, settings, smtp_sink, django_user_model, django_capture_on_commit_callbacks
):
    mail_server_down(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(response["Location"]).status_code == 200
    assert django_user_model.objects.filter(username="newmod").exists()
    (row,) = OutboundEmail.objects.all()
    assert (row.to, row.template) == ("newmod@mods.test", "account/email/email_confirmation_signup")
    assert row.state == State.PENDING  # waiting, not failed: the first try found no server
    assert "ConnectionRefusedError" in row.last_error

    smtp_sink.use_in(settings)  # the server is back; the sweep finds the row
    settings.NOTIFICATIONS_STALE_SECONDS = 0
    assert tasks.sweep() == 1
    assert tasks.sweep() == 0
    row.refresh_from_db()
    assert row.state == State.SENT and row.sent_at is not None
    (message,) = smtp_sink.messages
    assert message["To"] == "newmod@mods.test"
    assert message["Message-ID"] == row.message_id
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", text_of(message))


def test_a_password_reset_email_waits_in_the_outbox_until_the_commit(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    assert response.status_code == 302
    (row,) = OutboundEmail.objects.all()
    assert (row.to, row.template, row.state) == (
        "alice@example.com",
        "account/email/password_reset_key",
        State.PENDING,
    )
    assert "/accounts/password/reset/key/" in row.text_body  # the secret lives in the row
    assert mail.outbox == []  # nothing leaves inside the request's transaction
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.subject == "[Modportal] Reset your password"
    assert message.extra_headers["Message-ID"] == row.message_id
    html = message.alternatives[0][0]
    assert "Choose a new password" in html and "Your account settings" in html
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.SENT, 1)
    assert row.text_body == row.html_body == ""  # the reset link does not outlive its use


def test_an_account_email_is_sent_once_however_often_it_is_delivered(
    client, user, settings, smtp_sink, django_capture_on_commit_callbacks
):
    smtp_sink.use_in(settings)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    (row,) = OutboundEmail.objects.all()
    tasks.enqueue_outbound([row.pk, row.pk])  # a duplicated broker message
    assert tasks.sweep() == 0
    assert smtp_sink.count() == 1


def test_a_re_sent_account_email_keeps_its_message_id(
    client, user, settings, smtp_sink, django_capture_on_commit_callbacks
):
    """A worker that died after the server accepted the email, before marking it sent."""
    smtp_sink.use_in(settings)
    settings.NOTIFICATIONS_STALE_SECONDS = 0
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    (row,) = OutboundEmail.objects.all()
    for callback in callbacks:
        callback()
    # The crash window: the server has the email, the row still says "sending" with its bodies.
    OutboundEmail.objects.filter(pk=row.pk).update(
        state=State.SENDING, text_body=row.text_body, html_body=row.html_body, sent_at=None
    )
    assert tasks.sweep() == 1
    first, second = smtp_sink.messages
    assert first["Message-ID"] == second["Message-ID"] == row.message_id
    assert text_of(first) == text_of(second)
    assert email.utils.parseaddr(first["Message-ID"].strip("<>"))[1].endswith("@127.0.0.1")


def test_the_verification_email_names_the_site_in_its_look_and_footer(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    (message,) = mail.outbox
    assert message.subject == "[Modportal] Confirm your email address"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for body in (message.subject, message.body, html):
        assert "example.com" not in body
    assert "Hello from Modportal!" in message.body
    assert "newmod gave this email address to sign up for Modportal." in message.body
    link = re.search(r"https?://[^/\s]+/accounts/confirm-email/[^/\s]+/", message.body)
    assert link and f'href="{link.group(0)}"' in html
    footer = "You get this email because of something done with your Modportal account."
    assert f"\n-- \n{footer}" in message.body and footer in html
    assert "Your account settings: http://127.0.0.1:8000/accounts/email/" in message.body
    assert 'href="http://127.0.0.1:8000/accounts/email/">Your account settings</a>' in html
    # The same frame and brand as notification emails.
    assert 'class="brand" href="http://127.0.0.1:8000/">Modportal</a>' in html
    assert "Modportal — a home for moderator teams" in html
    assert "Modportal — a home for moderator teams" in message.body


def test_account_emails_without_an_html_template_get_one_in_the_site_look(
    client, django_capture_on_commit_callbacks
):
    # A reset asked for an unknown address: allauth answers with a text-only notice.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@mods.test"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert OutboundEmail.objects.get().template == "account/email/unknown_account"
    html = message.alternatives[0][0]
    sentence = "we do not have any record of such an account in our database."
    assert sentence in message.body and sentence in html
    assert re.search(r'<a href="https?://[^/"]+/accounts/signup/"', html)  # links are links
    assert html.count("You get this email because") == 1  # the text's footer is not repeated
    assert "Hello from Modportal!" in message.body
    assert "example.com" not in message.body + html


def test_the_check_your_inbox_page_offers_to_send_the_email_again(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "Verify your email address" in page
    assert f'action="{reverse("account_login")}"' in page
    assert "Send the email again" in page
    login = {"login": "newmod", "password": PASSWORD}

    # allauth's own limit: one verification email per address every few minutes.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_login"), login)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert OutboundEmail.objects.count() == 1 and len(mail.outbox) == 1

    cache.clear()  # the rate-limit window has passed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_login"), login)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert OutboundEmail.objects.filter(to="newmod@mods.test").count() == 2
    assert len(mail.outbox) == 2
    assert "_auth_user_id" not in client.session


def test_the_admin_shows_account_emails_without_their_bodies(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    (row,) = OutboundEmail.objects.all()  # still pending: the bodies are in the row
    secret = re.search(r"/accounts/password/reset/key/[^/\s]+/", row.text_body).group(0)
    client.force_login(UserFactory(username="platform", is_staff=True, is_superuser=True))
    changelist = client.get(reverse("admin:notifications_outboundemail_changelist"))
    assert changelist.status_code == 200 and b"alice@example.com" in changelist.content
    detail = client.get(reverse("admin:notifications_outboundemail_change", args=[row.pk]))
    assert detail.status_code == 200
    assert secret.encode() not in detail.content and b"Choose a new password" not in detail.content
    assert b"Save" not in detail.content  # read-only
    assert (
        client.post(
            reverse("admin:notifications_outboundemail_delete", args=[row.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert OutboundEmail.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_email_goes_out_in_process_after_the_commit(client, settings, capsys):
    """bin/run: no CELERY_BROKER_URL, console email; sign-up prints the email to the terminal."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert settings.CELERY_TASK_ALWAYS_EAGER
    response = sign_up(client)
    assert response.status_code == 302
    printed = capsys.readouterr().out
    assert "Subject: [Modportal] Confirm your email address" in printed
    assert "To: newmod@mods.test" in printed
    assert OutboundEmail.objects.get().state == State.SENT
