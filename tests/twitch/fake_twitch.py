"""A local HTTP server answering as Twitch's documented Helix API does, for the endpoints the
sync uses: GET users; GET/POST/DELETE moderation/moderators and channels/vips (lists with
pagination cursors); POST oauth2/token (refresh). Its errors are Twitch's: 401 for an expired
or wrong token, 429 with Ratelimit-Reset, 400/422 for a banned user or a status already held.

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

CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret"


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
        self.requests: list[Request] = []
        self.rate_limited = 0  # answer this many next Helix requests with 429
        self.hold_adds = threading.Event()  # set: POSTs wait on `release` after recording
        self.release = threading.Event()
        self.held = threading.Event()  # set once a held POST has arrived
        self.lock = threading.RLock()
        self._issued = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

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
        }

    def start(self) -> FakeTwitch:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def user(self, uid: str, login: str) -> str:
        self.users[uid] = login
        return uid

    def channel(self, broadcaster_id: str, *, mods=(), vips=(), banned=()) -> Channel:
        channel = Channel(broadcaster_id, list(mods), list(vips), set(banned))
        self.channels[broadcaster_id] = channel
        return channel

    def grant(self, user_id: str, *, access: str, refresh: str = "") -> None:
        self.tokens[access] = user_id
        if refresh:
            self.refresh_tokens[refresh] = user_id

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
                token = auth.removeprefix("Bearer ")
                request = Request(method, parts.path, query, token)
                with fake.lock:
                    fake.requests.append(request)
                if method == "POST" and fake.hold_adds.is_set():
                    fake.held.set()
                    fake.release.wait(60)
                return fake._helix(self, request)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_DELETE(self):
                self._handle("DELETE")

        return Handler

    def _token(self, handler, form) -> None:
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
                "scope": ["moderation:read", "channel:manage:moderators"],
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
            data = [
                {"id": uid, "login": login, "display_name": login.title()}
                for uid, login in self.users.items()
                if uid in ids or login in logins
            ]
            return handler._answer(200, {"data": data})
        if endpoint not in ("moderation/moderators", "channels/vips"):
            return handler._error(404, "Not Found")
        broadcaster = request.param("broadcaster_id")
        if self.tokens[request.token] != broadcaster:
            return handler._error(
                401, "The ID in broadcaster_id must match the user ID in the OAuth token."
            )
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
