"""The fleet's processes: each in its own session, its pid in `<dir>/run/<name>.pid`, its log
in `<dir>/logs/<name>.log`; and waiting for what they serve."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Processes:
    """Starting and stopping named processes; the class using it provides `path()`."""

    # Processes ----------------------------------------------------------------------------
    def pid_file(self, name: str) -> Path:
        return self.path("run", f"{name}.pid")

    def spawn(self, name: str, args: list, *, env: dict | None = None) -> int:
        log = self.path("logs", f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own fixed command lines
            [str(arg) for arg in args],
            cwd=ROOT,
            env=env or os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.pid_file(name).write_text(str(process.pid))
        return process.pid

    def pid(self, name: str) -> int | None:
        try:
            pid = int(self.pid_file(name).read_text())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Send a signal to a process's whole group (SIGKILL: as a crashed machine would)."""
        pid = self.pid(name)
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, sig)

    def stop(self, name: str, timeout: float = 15) -> None:
        pid = self.pid(name)
        if pid is not None:
            self.kill(name, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.pid(name) is not None:
                reap(pid)
                time.sleep(0.1)
            if self.pid(name) is not None:
                self.kill(name, signal.SIGKILL)
                time.sleep(0.2)
                reap(pid)
        self.pid_file(name).unlink(missing_ok=True)


def reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def wait_for_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    error = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except Exception as exc:  # not up yet
            error = exc
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {timeout}s: {error}")
