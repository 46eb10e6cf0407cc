"""A local HTTP server answering as Twitch's documented Helix API does, for the endpoints the
sync uses: GET users; GET/POST/DELETE moderation/moderators and channels/vips (lists with
pagination cursors); GET schedule (for the shifts import); POST oauth2/token (refresh);
GET oauth2/validate. Its errors are
Twitch's: 401 for an expired, revoked or wrong token and for a token missing the endpoint's
scope, 429 with Ratelimit-Reset, 400/422 for a banned user or a status already held, 422 for a
VIP added as moderator or a moderator added as VIP (Twitch holds one status per person).
`plain_errors` answers refusals without wording that says why (Twitch does not promise its
`message`), and `vanish` applies a request and drops the connection unanswered, as a worker
dying after sending would see it.

It runs in a thread of the test process; a Celery worker process reaches it over HTTP. Every
request is recorded (method, endpoint, query, token) for the tests to count.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests import httpservers

CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret"
ALL_SCOPES = (
    "user:read:email",
    "moderation:read",
    "channel:manage:moderators",
    "channel:read:vips",
    "channel:manage:vips",
)
# The scope each endpoint needs, as Twitch's reference lists them (any one of a tuple).
NEEDS = {
    ("GET", "moderation/moderators"): ("moderation:read", "channel:manage:moderators"),
    ("POST", "moderation/moderators"): ("channel:manage:moderators",),
    ("DELETE", "moderation/moderators"): ("channel:manage:moderators",),
    ("GET", "channels/vips"): ("channel:read:vips", "channel:manage:vips"),
    ("POST", "channels/vips"): ("channel:manage:vips",),
    ("DELETE", "channels/vips"): ("channel:manage:vips",),
}


@dataclass
class Request:
    method: str
    path: str
    query: dict
    token: str

    def param(self, name: str) -> str:
        return (self.query.get(name) or [""])[0]


@dataclass
class Channel:
    broadcaster_id: str
    mods: list[str] = field(default_factory=list)
    vips: list[str] = field(default_factory=list)
    banned: set[str] = field(default_factory=set)


class FakeTwitch:
    def __init__(self, *, page_size: int = 2):
        self.page_size = page_size
        self.users: dict[str, str] = {}  # id -> login
        self.channels: dict[str, Channel] = {}
        self.tokens: dict[str, str] = {}  # access token -> user id
        self.expired: set[str] = set()
        self.refresh_tokens: dict[str, str] = {}  # refresh token -> user id
        self.scopes: dict[str, tuple[str, ...]] = {}  # user id -> scopes granted
        self.validations: list[str] = []  # tokens sent to oauth2/validate
        self.codes: dict[str, str] = {}  # authorization code -> user id (sign-in)
        self.exchanges: list[dict] = []  # authorization codes exchanged, as posted
        self.plain_errors = False
        self.vanish: set[tuple[str, str]] = set()  # (method, endpoint): applied, unanswered
        self.requests: list[Request] = []
        self.schedules: dict[str, dict] = {}  # broadcaster id -> Helix schedule `data`
        self.rate_limited = 0  # answer this many next Helix requests with 429
        self.hold_adds = threading.Event()  # set: POSTs wait on `release` after recording
        self.release = threading.Event()
        self.held = threading.Event()  # set once a held POST has arrived
        self.lock = threading.RLock()
        self._issued = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    # --- set-up -----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def env(self) -> dict:
        return {
            "TWITCH_CLIENT_ID": CLIENT_ID,
            "TWITCH_CLIENT_SECRET": CLIENT_SECRET,
            "TWITCH_SYNC_ENABLED": "true",
            "TWITCH_API_BASE_URL": f"{self.url}/helix",
            "TWITCH_TOKEN_URL": f"{self.url}/oauth2/token",
            "TWITCH_ID_BASE_URL": self.url,
        }

    def start(self) -> FakeTwitch:
        httpservers.start(self.server)
        return self

    def stop(self) -> None:
        self.release.set()
        httpservers.stop(self.server)

    def user(self, uid: str, login: str) -> str:
        self.users[uid] = login
        return uid

    def channel(self, broadcaster_id: str, *, mods=(), vips=(), banned=()) -> Channel:
        channel = Channel(broadcaster_id, list(mods), list(vips), set(banned))
        self.channels[broadcaster_id] = channel
        return channel

    def grant(self, user_id: str, *, access: str, refresh: str = "", scopes=ALL_SCOPES) -> None:
        self.tokens[access] = user_id
        self.scopes[user_id] = tuple(scopes)
        if refresh:
            self.refresh_tokens[refresh] = user_id

    def revoke(self, user_id: str) -> None:
        """The user disconnected the app on Twitch: every token of theirs stops working."""
        with self.lock:
            for store in (self.tokens, self.refresh_tokens):
                for token in [t for t, uid in store.items() if uid == user_id]:
                    del store[token]

    def calls(self, method: str, endpoint: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.method == method and r.path.endswith(endpoint)]

    # --- the HTTP side --------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body=None, headers=None):
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, message: str, headers=None):
                reason = {400: "Bad Request", 401: "Unauthorized", 422: "Unprocessable Entity"}
                body = {"error": reason.get(status, "Error"), "status": status, "message": message}
                self._answer(status, body, headers)

            def _handle(self, method: str):
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                if method == "POST" and parts.path == "/oauth2/token":
                    length = int(self.headers.get("Content-Length") or 0)
                    form = parse_qs(self.rfile.read(length).decode())
                    return fake._token(self, form)
                auth = self.headers.get("Authorization", "")
                if method == "GET" and parts.path == "/oauth2/validate":
                    return fake._validate(self, auth)
                token = auth.removeprefix("Bearer ")
                request = Request(method, parts.path, query, token)
                with fake.lock:
                    fake.requests.append(request)
                if method == "POST" and fake.hold_adds.is_set():
                    fake.held.set()
                    fake.release.wait(60)
                key = (method, parts.path.removeprefix("/helix/"))
                if key in fake.vanish:
                    fake.vanish.discard(key)
                    fake._helix(Unanswered(), request)
                    self.close_connection = True
                    return None
                return fake._helix(self, request)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_DELETE(self):
                self._handle("DELETE")

        return Handler

    def _validate(self, handler, auth: str) -> None:
        """GET oauth2/validate ("Authorization: OAuth <token>"): 200 with the token's scopes,
        401 for a token expired or revoked."""
        token = auth.removeprefix("OAuth ")
        with self.lock:
            self.validations.append(token)
            user_id = self.tokens.get(token)
        if not auth.startswith("OAuth ") or user_id is None or token in self.expired:
            return handler._answer(401, {"status": 401, "message": "invalid access token"})
        return handler._answer(
            200,
            {
                "client_id": CLIENT_ID,
                "login": self.users.get(user_id, ""),
                "scopes": list(self.scopes.get(user_id, ALL_SCOPES)),
                "user_id": user_id,
                "expires_in": 5000,
            },
        )

    def _exchange(self, handler, form) -> None:
        """The code exchange of sign-in (grant_type=authorization_code)."""
        value = {name: (values or [""])[0] for name, values in form.items()}
        with self.lock:
            self.exchanges.append(value)
            user_id = self.codes.pop(value.get("code", ""), None)
            ok = (
                user_id is not None
                and value.get("client_id") == CLIENT_ID
                and value.get("client_secret") == CLIENT_SECRET
            )
            if ok:
                self._issued += 1
                access, refresh = f"access-{self._issued}", f"refresh-{self._issued}"
                self.tokens[access] = user_id
                self.refresh_tokens[refresh] = user_id
        if not ok:
            return handler._error(400, "Invalid authorization code")
        return handler._answer(
            200,
            {
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": 14400,
                "scope": list(self.scopes.get(user_id, ALL_SCOPES)),
                "token_type": "bearer",
            },
        )

    def _token(self, handler, form) -> None:
        if (form.get("grant_type") or [""])[0] == "authorization_code":
            return self._exchange(handler, form)
        refresh = (form.get("refresh_token") or [""])[0]
        ok = (
            (form.get("grant_type") or [""])[0] == "refresh_token"
            and (form.get("client_id") or [""])[0] == CLIENT_ID
            and (form.get("client_secret") or [""])[0] == CLIENT_SECRET
            and refresh in self.refresh_tokens
        )
        if not ok:
            return handler._error(400, "Invalid refresh token")
        with self.lock:
            self._issued += 1
            user_id = self.refresh_tokens.pop(refresh)
            access, new_refresh = f"access-{self._issued}", f"refresh-{self._issued}"
            self.tokens[access] = user_id
            self.refresh_tokens[new_refresh] = user_id
        handler._answer(
            200,
            {
                "access_token": access,
                "refresh_token": new_refresh,
                "expires_in": 14400,
                "scope": list(self.scopes.get(user_id, ALL_SCOPES)),
                "token_type": "bearer",
            },
        )

    def _helix(self, handler, request: Request) -> None:
        if request.token not in self.tokens or request.token in self.expired:
            return handler._error(401, "Invalid OAuth token")
        with self.lock:
            if self.rate_limited > 0:
                self.rate_limited -= 1
                reset = str(int(time.time()) + 1)
                return handler._answer(
                    429,
                    {"error": "Too Many Requests", "status": 429, "message": "Too Many Requests"},
                    {
                        "Ratelimit-Limit": "800",
                        "Ratelimit-Remaining": "0",
                        "Ratelimit-Reset": reset,
                    },
                )
        endpoint = request.path.removeprefix("/helix/")
        if endpoint == "users":
            ids, logins = request.query.get("id", []), request.query.get("login", [])
            if not ids and not logins:  # no one named: the token's own user, as Twitch does
                ids = [self.tokens[request.token]]
            data = [
                {"id": uid, "login": login, "display_name": login.title()}
                for uid, login in self.users.items()
                if uid in ids or login in logins
            ]
            return handler._answer(200, {"data": data})
        if endpoint == "schedule" and request.method == "GET":
            # GET /schedule (no scope; any app token): 404 when the broadcaster has none.
            schedule = self.schedules.get(request.param("broadcaster_id"))
            if schedule is None:
                return handler._error(404, "Not Found")
            return handler._answer(200, {"data": schedule, "pagination": {}})
        if endpoint not in ("moderation/moderators", "channels/vips"):
            return handler._error(404, "Not Found")
        broadcaster = request.param("broadcaster_id")
        if self.tokens[request.token] != broadcaster:
            return handler._error(
                401, "The ID in broadcaster_id must match the user ID in the OAuth token."
            )
        granted = self.scopes.get(broadcaster, ALL_SCOPES)
        needed = NEEDS[(request.method, endpoint)]
        if not any(scope in granted for scope in needed):
            return handler._error(401, f"Missing scope: {needed[0]}")
        if self.plain_errors:
            handler = PlainErrors(handler)
        channel = self.channels[broadcaster]
        is_mods = endpoint == "moderation/moderators"
        names = channel.mods if is_mods else channel.vips
        other = channel.vips if is_mods else channel.mods
        what = "moderator" if is_mods else "VIP"
        user_id = request.param("user_id")
        with self.lock:
            if request.method == "GET":
                return self._page(handler, request, names)
            if user_id not in self.users:
                return handler._error(400, "The user in the user_id query parameter does not exist")
            if request.method == "POST":
                if user_id in channel.banned:
                    return handler._error(400, "The user is banned from the broadcaster's chat.")
                if user_id in names:
                    return handler._error(
                        400 if is_mods else 422,
                        f"The user in the user_id query parameter is already a {what}.",
                    )
                if user_id in other:
                    return handler._error(
                        422,
                        f"The user is a {'VIP' if is_mods else 'moderator'}. To make them a "
                        f"{what}, you must first remove them as a "
                        f"{'VIP' if is_mods else 'moderator'}.",
                    )
                names.append(user_id)
                return handler._answer(204)
            if user_id not in names:
                return handler._error(
                    400 if is_mods else 422,
                    f"The user in the user_id query parameter is not a {what}.",
                )
            names.remove(user_id)
            return handler._answer(204)

    def _page(self, handler, request: Request, names: list[str]) -> None:
        wanted = request.query.get("user_id")
        rows = [uid for uid in names if not wanted or uid in wanted]
        first = min(int(request.param("first") or 20), 100, self.page_size)
        after = request.param("after")
        start = int(base64.b64decode(after).decode()) if after else 0
        chunk = rows[start : start + first]
        data = [
            {"user_id": uid, "user_login": self.users[uid], "user_name": self.users[uid].title()}
            for uid in chunk
        ]
        more = start + first < len(rows)
        cursor = base64.b64encode(str(start + first).encode()).decode() if more else None
        handler._answer(200, {"data": data, "pagination": {"cursor": cursor} if cursor else {}})


class Unanswered:
    """Where a vanished request's answer goes: nowhere."""

    def _answer(self, *args, **kwargs):
        return None

    def _error(self, *args, **kwargs):
        return None


class PlainErrors:
    """Twitch's status codes with messages that say nothing of why (Twitch may reword them)."""

    def __init__(self, handler):
        self.handler = handler

    def _answer(self, *args, **kwargs):
        return self.handler._answer(*args, **kwargs)

    def _error(self, status: int, message: str, headers=None):
        return self.handler._error(status, "Request refused", headers)
