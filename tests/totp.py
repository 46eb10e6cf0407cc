"""An independent RFC 6238 TOTP, so tests check allauth's codes against the standard."""

import base64
import hashlib
import hmac
import struct
import time

from django.urls import reverse

from tests.factories import PASSWORD


def totp(secret_b32: str, *, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def enrol_totp(client, *, password: str = PASSWORD) -> str:
    """Enrol TOTP through allauth's own pages for the signed-in client; returns the secret."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page["Location"].startswith(reverse("account_reauthenticate")):
        # Enrolling is a sensitive change: allauth asks for the password again first.
        client.post(page["Location"], {"password": password})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret
