"""The W3C Nu HTML Checker (npm's vnu-jar, run with java): one checker service per test process.

`bin/install --dev` installs the pinned jar into node_modules/; `bin/services` installs Java.
Java and the checker's schemas take seconds to load, so the first `html_errors()` call of a
process starts vnu's HTTP service (`nu.validator.servlet.Main`) on 127.0.0.1 and a free port, and
every later call of that process (each pytest-xdist worker is one) posts its documents to it. The
service ends with the process.
"""

import atexit
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist"
VNU_JAR = VNU_JAR / "vnu.jar"
LOGS = Path(__file__).resolve().parents[1] / "test-artifacts"
# htmx's hx-* attributes are not HTML's; the checker's other findings all count. Matched against
# the whole message, as vnu's own --filterpattern (a Java regex) does.
HTMX_ATTRIBUTE = re.compile(r"Attribute “hx-[^”]*” (not allowed|is not serializable).*")
START_SECONDS = 120


def _die_with_parent() -> list[str]:
    """util-linux's setpriv asks the kernel to SIGTERM the checker when the test process ends,
    even when it is killed, so no checker outlives its pytest worker."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM"] if setpriv else []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Checker:
    """vnu's HTTP service in a subprocess; `messages(html)` checks one document."""

    def __init__(self):
        java = shutil.which("java")
        if java is None:
            pytest.fail("java not found: run bin/services (or bin/test)")
        if not VNU_JAR.exists():
            pytest.fail(f"{VNU_JAR} not found: run bin/install --dev (or bin/test)")
        LOGS.mkdir(exist_ok=True)
        self.log_path = LOGS / f"vnu-{os.getpid()}.log"
        self.log = self.log_path.open("wb")
        for _attempt in range(3):  # another process may take the free port before java binds it
            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}/?out=json"
            self.process = subprocess.Popen(
                [
                    *_die_with_parent(),
                    java,
                    "-Dnu.validator.servlet.bind-address=127.0.0.1",
                    "-cp",
                    str(VNU_JAR),
                    "nu.validator.servlet.Main",
                    str(self.port),
                ],
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
            if self._wait_until_ready():
                return
            self._terminate()
        self.log.close()
        log = self.log_path.read_text(errors="replace")
        pytest.fail(f"vnu's service did not start:\n{log[-3000:]}")

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5):
                    return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        return False

    def messages(self, html: str) -> list[dict]:
        request = urllib.request.Request(
            self.url,
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
        try:
            return json.loads(body)["messages"]
        except (json.JSONDecodeError, KeyError):
            pytest.fail(f"vnu answered something else than its JSON report: {body[:500]!r}")

    def stop(self) -> None:
        self._terminate()
        self.log.close()

    def _terminate(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_checker: Checker | None = None


def checker() -> Checker:
    """This process's checker service, started on first use."""
    global _checker
    if _checker is None or _checker.process.poll() is not None:
        _checker = Checker()
        atexit.register(_checker.stop)
    return _checker


def html_errors(documents: dict[str, str]) -> list[str]:
    """Every error in `documents` ({label: html}) as "label, line N: message", checked by this
    process's one vnu service. Warnings and htmx's attributes are left out (vnu's --errors-only
    and --filterpattern)."""
    if not documents:
        return []
    service = checker()
    errors = []
    for label, html in documents.items():
        for message in service.messages(html):
            if message.get("type") == "info" or HTMX_ATTRIBUTE.fullmatch(message["message"]):
                continue
            line = message.get("lastLine", message.get("firstLine", "?"))
            extract = " ".join(message.get("extract", "").split())
            errors.append(f"{label}, line {line}: {message['message']} [{extract}]")
    return errors
