"""A real SMTP server for tests and the benchmark: aiosmtpd on 127.0.0.1 and a free port.

It records every message it accepts, and can answer like a struggling server: a temporary
failure for the next few messages, a permanent refusal for some addresses, or a hook run at
the start of each mail transaction (before the server accepts anything).
"""

from __future__ import annotations

import email
import errno
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.temporary_failures = 0
        self.refused: set[str] = set()
        self.on_mail: Callable[[int], str | None] | None = None
        self._lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        # The free port may be taken (by another pytest-xdist worker) before the sink binds it.
        for _attempt in range(5):
            try:
                self.controller.start()
                return self
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
                self.port = free_port()
                self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def env(self) -> dict:
        """Environment for a worker process that sends here (settings.py reads EMAIL_*)."""
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port), "EMAIL_USE_TLS": "false"}

    def use_in(self, settings) -> None:
        """Point this process's Django email at the sink (pytest-django's `settings`)."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10

    # aiosmtpd handler hooks -------------------------------------------------------------------

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.on_mail is not None:
            answer = self.on_mail(self.count())
            if answer:
                return answer
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.temporary_failures > 0:
                self.temporary_failures -= 1
                return "451 4.3.0 Try again later"
            self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    # reading what arrived ---------------------------------------------------------------------

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def notification_ids(self) -> Counter:
        """How many times each notification id arrived (a digest carries several)."""
        with self._lock:
            headers = [m["X-Modportal-Notifications"] or "" for m in self.messages]
        return Counter(int(pk) for header in headers for pk in header.split(",") if pk)

    def wait_for(self, count: int, *, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count() >= count:
                return True
            time.sleep(0.05)
        return False
