"""The admin signs in through allauth: the second factor and the login rate limits apply."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.totp import enrol_totp, totp

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff_totp(client):
    """A superuser with TOTP enrolled through allauth's pages; the client is signed out again."""
    staff = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.post(reverse("account_login"), {"login": "boss", "password": PASSWORD})
    secret = enrol_totp(client)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    return staff, secret


def test_the_admin_password_form_alone_opens_nothing(client, staff_totp):
    response = client.post(
        ADMIN_LOGIN, {"username": "boss", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_the_admin_login_sends_staff_through_allauth_and_the_second_factor(client, staff_totp):
    _, secret = staff_totp
    response = client.get(ADMIN_LOGIN)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url == reverse("account_login") + "?next=%2Fadmin%2F"

    response = client.post(login_url, {"login": "boss", "password": PASSWORD, "next": "/admin/"})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert response["Location"] == reverse("admin:index")
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Site administration" in page.content.decode()


def test_failed_admin_logins_are_throttled(client, staff_totp):
    login_url = client.get(ADMIN_LOGIN)["Location"]
    for n in range(5):
        response = client.post(login_url, {"login": "boss", "password": f"wrong-{n}"})
        assert "The username and/or password you specified are not correct." in (
            response.content.decode()
        )
    # The right password now fails too: allauth answers its rate-limit message on the form.
    response = client.post(login_url, {"login": "boss", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert response.get("Location") is None
    assert "_auth_user_id" not in client.session


def test_a_signed_in_user_without_staff_status_is_refused_the_admin(client):
    UserFactory(username="plain")
    client.post(reverse("account_login"), {"login": "plain", "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(ADMIN_LOGIN).status_code == 403
