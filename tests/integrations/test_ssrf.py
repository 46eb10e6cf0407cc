"""Addresses a team types are checked at send time, after DNS resolution: loopback, private,
link-local and metadata addresses are refused, a redirect is never followed, and nothing
reaches the local listener. The "public hosts only" rule is ON here, as in production."""

import contextlib
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from integrations import sending
from tests import httpservers
from tests.integrations.receivers import Receiver


@pytest.fixture
def listener():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def strict(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    settings.WEBHOOKS_ALLOW_HTTP = True  # so only the address rule is under test
    return settings


@pytest.mark.parametrize(
    "template",
    [
        "http://127.0.0.1:{port}/hook",
        "http://10.0.0.1:{port}/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/hook",
        "http://[::ffff:127.0.0.1]:{port}/hook",
        "http://localhost:{port}/hook",  # a name resolving to loopback
        "http://0.0.0.0:{port}/hook",
    ],
)
def test_inside_addresses_are_refused_at_send_time(strict, listener, template):
    answer = sending.post(template.format(port=listener.port), b"{}", {})
    assert answer.status is None and "public" in answer.error
    assert listener.received == [] and listener.rejected == []


def test_a_name_re_pointed_to_loopback_after_the_form_is_refused(strict, listener, monkeypatch):
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: (
            real("127.0.0.1", *a, **k) if host == "hooks.example.com" else real(host, *a, **k)
        ),
    )
    answer = sending.post(f"http://hooks.example.com:{listener.port}/hook", b"{}", {})
    assert answer.status is None and listener.received == []


def test_only_https_outside_development(settings, listener):
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    answer = sending.post(listener.url, b"{}", {})
    assert answer.status is None and "https" in answer.error and listener.received == []


def test_a_302_to_loopback_is_not_followed(settings, listener):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True  # to reach the redirecting server at all
    settings.WEBHOOKS_ALLOW_HTTP = True

    class Redirect(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(302)
            self.send_header("Location", listener.url)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    httpservers.start(server)
    try:
        answer = sending.post(f"http://127.0.0.1:{server.server_address[1]}/", b"{}", {})
    finally:
        httpservers.stop(server)
    assert answer.status == 302 and listener.received == []


def test_a_slow_or_huge_answer_is_cut_short(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    settings.WEBHOOKS_ALLOW_HTTP = True

    class Huge(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(b"x" * 5_000_000)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Huge)
    httpservers.start(server)
    try:
        answer = sending.post(f"http://127.0.0.1:{server.server_address[1]}/", b"{}", {})
    finally:
        httpservers.stop(server)
    assert answer.status == 200 and len(answer.excerpt) <= sending.EXCERPT
