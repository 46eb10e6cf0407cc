"""Twitch's Helix API, as much of it as the sync uses, through `requests`.

One `TwitchApi` acts for one channel's link with that link's token only (the token is looked
up by the link's account, never by anything a caller passes). Base URLs come from settings
(TWITCH_API_BASE_URL, TWITCH_TOKEN_URL, TWITCH_ID_BASE_URL), so tests answer as Twitch does
from a local server.

Errors: 401 refreshes the token and retries once; 429 raises RateLimited with Twitch's
Ratelimit-Reset time; 5xx and network errors raise TwitchUnavailable (worth retrying). An add
or remove Twitch refuses (400, 409, 422) is judged from the state, never from the wording of
Twitch's `message` (kept only for the owner to read): the person's status is read back for that
one user; if the wanted state holds, it counts as done; if an add is refused because the person
holds the other status, HoldsOther says which; otherwise TwitchRefused (final).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests
from allauth.socialaccount.models import SocialToken
from django.conf import settings
from django.utils import timezone

from .models import TwitchLink, TwitchStatus

PAGE_SIZE = 100
MAX_PAGES = 200  # 20,000 names: far beyond Twitch's own limits, and a stop for a looping cursor
ENDPOINTS = {TwitchStatus.MODERATOR: "moderation/moderators", TwitchStatus.VIP: "channels/vips"}
# Twitch holds one status per person: it refuses to add the one while the other holds.
OTHER = {TwitchStatus.MODERATOR: TwitchStatus.VIP, TwitchStatus.VIP: TwitchStatus.MODERATOR}
REFUSALS = (400, 409, 422)  # Twitch's answers to an add or remove it does not make


class TwitchError(Exception):
    """Something Twitch (or the way to it) answered; str() is what the owner is shown."""


class TwitchRefused(TwitchError):
    """A final no: banned user, missing scope, unknown user. Not worth retrying."""


class TwitchUnavailable(TwitchError):
    """A network error or 5xx: worth retrying."""


class RateLimited(TwitchError):
    def __init__(self, message: str, reset_at: datetime):
        super().__init__(message)
        self.reset_at = reset_at


class NotLinked(TwitchRefused):
    """Twitch no longer accepts the token (nor renews it): the owner connects again."""


class HoldsOther(TwitchRefused):
    """An add refused while the person holds the other status (read back from Twitch)."""

    def __init__(self, message: str, status: str):
        super().__init__(message)
        self.status = status


def _message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = {}
    text = body.get("message") if isinstance(body, dict) else None
    return f"Twitch answered {response.status_code}: {text or response.reason or 'no reason'}"[:900]


def _reached(call, *args, **kwargs) -> requests.Response:
    """What one HTTP call answered; TwitchUnavailable when Twitch could not be reached."""
    try:
        return call(*args, **kwargs)
    except requests.RequestException as error:
        raise TwitchUnavailable(f"Twitch could not be reached: {type(error).__name__}") from error


def _reset_at(response: requests.Response) -> datetime:
    try:
        return datetime.fromtimestamp(int(response.headers.get("Ratelimit-Reset", "")), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return timezone.now() + timedelta(seconds=60)


class TwitchApi:
    def __init__(self, link: TwitchLink, *, session: requests.Session | None = None):
        self.link = link
        self.session = session or requests.Session()

    # --- tokens ----------------------------------------------------------------------------------

    def _token(self) -> SocialToken:
        token = SocialToken.objects.filter(account_id=self.link.account_id).first()
        if token is None:
            raise NotLinked("The owner's Twitch connection has no token: connect Twitch again.")
        return token

    def refresh(self, token: SocialToken) -> SocialToken:
        if not token.token_secret:
            raise NotLinked("Twitch's token expired and cannot be renewed: connect Twitch again.")
        response = _reached(
            self.session.post,
            settings.TWITCH_TOKEN_URL,
            data={
                "grant_type": "refresh_token",
                "refresh_token": token.token_secret,
                "client_id": settings.TWITCH_CLIENT_ID,
                "client_secret": settings.TWITCH_CLIENT_SECRET,
            },
            timeout=settings.TWITCH_TIMEOUT_SECONDS,
        )
        if response.status_code >= 500:
            raise TwitchUnavailable(_message(response))
        if response.status_code != 200:
            raise NotLinked(
                "Twitch refused to renew the token (the owner may have disconnected the "
                "portal on Twitch): connect Twitch again."
            )
        body = response.json()
        token.token = body["access_token"]
        token.token_secret = body.get("refresh_token") or token.token_secret
        expires_in = body.get("expires_in")
        token.expires_at = (
            timezone.now() + timedelta(seconds=int(expires_in)) if expires_in else None
        )
        token.save(update_fields=["token", "token_secret", "expires_at"])
        return token

    # --- requests --------------------------------------------------------------------------------

    def _answered(self, send, token: SocialToken) -> requests.Response:
        """What `send(token)` answered, for every call with the owner's token: a 401 renews the
        token and sends once more (NotLinked when Twitch refuses that one too), a 429 raises
        RateLimited with Twitch's reset time, a 5xx TwitchUnavailable."""
        response = send(token)
        if response.status_code == 401:
            response = send(self.refresh(token))
            if response.status_code == 401:
                raise NotLinked(_message(response))
        if response.status_code == 429:
            raise RateLimited(_message(response), _reset_at(response))
        if response.status_code >= 500:
            raise TwitchUnavailable(_message(response))
        return response

    def _send(self, method: str, path: str, params: dict, token: SocialToken):
        return _reached(
            self.session.request,
            method,
            f"{settings.TWITCH_API_BASE_URL}/{path}",
            params=params,
            headers={
                "Authorization": f"Bearer {token.token}",
                "Client-Id": settings.TWITCH_CLIENT_ID,
            },
            timeout=settings.TWITCH_TIMEOUT_SECONDS,
        )

    def request(self, method: str, path: str, params: dict) -> requests.Response:
        """One call; an expired token is refreshed first, and a 401 refreshes and retries once."""
        token = self._token()
        if token.expires_at is not None and token.expires_at <= timezone.now():
            token = self.refresh(token)
        return self._answered(lambda token: self._send(method, path, params, token), token)

    def users(self, *, ids=(), logins=()) -> list[dict]:
        params = [("id", i) for i in ids] + [("login", n) for n in logins]
        response = self.request("GET", "users", params)
        if response.status_code != 200:
            raise TwitchRefused(_message(response))
        return response.json().get("data", [])

    def list(self, status: str, *, user_id: str | None = None) -> list[dict]:
        """Every page of the moderator or VIP list: [{user_id, user_login, user_name}]."""
        params = {"broadcaster_id": self.link.broadcaster_id, "first": PAGE_SIZE}
        if user_id:
            params["user_id"] = user_id
        names: list[dict] = []
        for _page in range(MAX_PAGES):
            response = self.request("GET", ENDPOINTS[status], params)
            if response.status_code != 200:
                raise TwitchRefused(_message(response))
            body = response.json()
            names.extend(body.get("data", []))
            cursor = (body.get("pagination") or {}).get("cursor")
            if not cursor:
                break
            params = {**params, "after": cursor}
        return names

    def holds(self, status: str, user_id: str) -> bool:
        return any(row.get("user_id") == user_id for row in self.list(status, user_id=user_id))

    def _change(self, method: str, status: str, user_id: str) -> bool:
        """True when Twitch made the change, False when it already held (read from Twitch's
        list for that one user after it refused, not from its message)."""
        params = {"broadcaster_id": self.link.broadcaster_id, "user_id": user_id}
        response = self.request(method, ENDPOINTS[status], params)
        if response.status_code in (200, 204):
            return True
        message = _message(response)
        if response.status_code not in REFUSALS:
            raise TwitchRefused(message)
        adding = method == "POST"
        if self.holds(status, user_id) == adding:
            return False
        if adding and self.holds(OTHER[status], user_id):
            raise HoldsOther(message, OTHER[status])
        raise TwitchRefused(message)

    def add(self, status: str, user_id: str) -> bool:
        return self._change("POST", status, user_id)

    def remove(self, status: str, user_id: str) -> bool:
        return self._change("DELETE", status, user_id)

    # --- token validation ------------------------------------------------------------------------

    def _validate(self, token: SocialToken) -> requests.Response:
        return _reached(
            self.session.get,
            f"{settings.TWITCH_ID_BASE_URL}/oauth2/validate",
            headers={"Authorization": f"OAuth {token.token}"},
            timeout=settings.TWITCH_TIMEOUT_SECONDS,
        )

    def validate(self) -> list[str]:
        """Twitch's GET /oauth2/validate: the scopes the token has. An access token past its
        time is renewed and validated again; NotLinked when Twitch accepts neither it nor its
        refresh token (the owner disconnected the portal on Twitch)."""
        response = self._answered(self._validate, self._token())
        if response.status_code != 200:
            raise TwitchRefused(_message(response))
        try:
            scopes = response.json().get("scopes") or []
        except (ValueError, AttributeError):
            scopes = []
        return sorted({str(scope)[:100] for scope in scopes if isinstance(scope, str)})[:50]
