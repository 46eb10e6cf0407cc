"""Local HTTP receivers for the webhook tests: a Standard Webhooks one that verifies every
request with the `standardwebhooks` library, and a Discord-shaped one that checks each body
against Discord's documented "Execute Webhook" limits."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

from tests import httpservers

DISCORD_LIMITS = {
    "content": 2000,
    "embeds": 10,
    "title": 256,
    "description": 4096,
    "fields": 25,
    "field_name": 256,
    "field_value": 1024,
    "footer": 2048,
    "author": 256,
    "username": 80,
    "total": 6000,
}


def discord_problems(body: dict) -> list[str]:
    problems = []
    if len(body.get("content") or "") > DISCORD_LIMITS["content"]:
        problems.append("content too long")
    if not (body.get("content") or body.get("embeds")):
        problems.append("neither content nor embeds")
    if len(body.get("username") or "") > DISCORD_LIMITS["username"]:
        problems.append("username too long")
    mentions = body.get("allowed_mentions") or {}
    if mentions.get("parse") != [] or set(mentions) - {"parse", "roles"}:
        problems.append("mentions allowed")
    if any(f"<@&{role}>" not in (body.get("content") or "") for role in mentions.get("roles", [])):
        problems.append("a role allowed but not pinged")
    embeds = body.get("embeds") or []
    if len(embeds) > DISCORD_LIMITS["embeds"]:
        problems.append("too many embeds")
    total = 0
    for embed in embeds:
        title, description = embed.get("title", ""), embed.get("description", "")
        footer = (embed.get("footer") or {}).get("text", "")
        total += len(title) + len(description) + len(footer)
        if len(title) > DISCORD_LIMITS["title"]:
            problems.append("title too long")
        if len(description) > DISCORD_LIMITS["description"]:
            problems.append("description too long")
        if len(footer) > DISCORD_LIMITS["footer"]:
            problems.append("footer too long")
        fields = embed.get("fields") or []
        if len(fields) > DISCORD_LIMITS["fields"]:
            problems.append("too many fields")
        for field in fields:
            name, value = field.get("name", ""), field.get("value", "")
            total += len(name) + len(value)
            if not name or not value:
                problems.append("empty field")
            if (
                len(name) > DISCORD_LIMITS["field_name"]
                or len(value) > DISCORD_LIMITS["field_value"]
            ):
                problems.append("field too long")
    if total > DISCORD_LIMITS["total"]:
        problems.append("embeds over 6000 characters")
    return problems


class Receiver:
    """Records every request; `statuses` answers the first requests with these codes,
    `hold` seconds of delay on the first request (to kill a worker mid-delivery)."""

    def __init__(self, *, secret: str | None = None, discord: bool = False, port: int = 0):
        self.secret, self.discord = secret, discord
        self.received: list[dict] = []  # verified or well-formed requests
        self.rejected: list[str] = []
        self.statuses: list[int] = []
        self.hold_first = 0.0
        self.lock = threading.Lock()
        self.port = port
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                arrived = time.time()
                with receiver.lock:
                    hold, receiver.hold_first = receiver.hold_first, 0.0
                    status = receiver.statuses.pop(0) if receiver.statuses else 204
                record = {"headers": dict(self.headers), "body": body, "at": arrived}
                try:
                    if receiver.secret:
                        Webhook(receiver.secret).verify(body, dict(self.headers))
                    data = json.loads(body)
                    if receiver.discord:
                        problems = discord_problems(data)
                        if problems:
                            raise ValueError(", ".join(problems))
                    record["json"] = data
                except Exception as error:
                    with receiver.lock:
                        receiver.rejected.append(str(error))
                    status = 400
                else:
                    with receiver.lock:
                        receiver.received.append(record)
                if hold:
                    time.sleep(hold)
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        httpservers.start(self.server)
        return self

    def stop(self) -> None:
        if self.server:
            httpservers.stop(self.server)
            self.server = None

    def ids(self) -> list[str]:
        with self.lock:
            return [r["headers"].get("webhook-id") for r in self.received]
