"""Revoking a person's Twitch tokens on Twitch before their account is erased: best effort
(Twitch may be unreachable; the tokens are deleted here either way)."""

import logging

import requests
from allauth.socialaccount.models import SocialToken
from django.conf import settings

log = logging.getLogger(__name__)
REVOKE_URL = "https://id.twitch.tv/oauth2/revoke"


def revoke_social_tokens(user) -> int:
    revoked = 0
    if not getattr(settings, "TWITCH_ENABLED", False):
        return 0
    for token in SocialToken.objects.filter(account__user=user, account__provider="twitch"):
        try:
            response = requests.post(
                REVOKE_URL,
                data={"client_id": settings.TWITCH_CLIENT_ID, "token": token.token},
                timeout=5,
            )
            revoked += response.status_code == 200
        except requests.RequestException as error:
            log.warning("Could not revoke a Twitch token: %s", error)
    return revoked
