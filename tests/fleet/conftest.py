"""The whole fleet (deploy/fleet.py) for the tests in this folder: one per test session.

It runs under a temporary directory on ports moved by FLEET_TEST_PORT_OFFSET (default 300:
haproxy on 18380, PostgreSQL on 55732/55733) plus 10 for each pytest-xdist worker before this
one (gw1: 18390, …), with production settings, and sends its email to
an SMTP sink in this process so the tests can count what arrives. Short sweep and replica-check
periods make the faults show within seconds.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from deploy.fleet import ROOT, Fleet
from tests.notifications.smtp import SmtpSink
from tests.parallel import worker_index

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
FAST = {
    "NOTIFICATIONS_STALE_SECONDS": "3",
    "NOTIFICATIONS_SWEEP_SECONDS": "1",
    "REPLICA_CHECK_SECONDS": "1",
    "REPLICA_MAX_LAG_SECONDS": "5",
    "REPLICA_PIN_SECONDS": "6",
    # Cached public pages render from the primary: off, so the tests see the replicas answer.
    "PAGE_CACHE": "false",
}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the group from the markers
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/fleet/" in str(item.fspath):
            item.add_marker(pytest.mark.fleet)
            # One fleet per session: its tests stay together on one pytest-xdist worker.
            item.add_marker(pytest.mark.xdist_group("fleet"))


@pytest.fixture(scope="session")
def smtp():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def fleet(smtp):
    # Not pytest's tmp_path: PostgreSQL runs as its own user and must reach its directory.
    directory = Path(tempfile.mkdtemp(prefix="modportal-fleet-test-"))
    directory.chmod(0o755)
    offset = int(os.environ.get("FLEET_TEST_PORT_OFFSET", "300")) + 10 * worker_index()
    fleet = Fleet(directory=directory, offset=offset, extra_env=FAST, email_port=smtp.port)
    try:
        fleet.up(quiet=True)
    except subprocess.CalledProcessError as error:
        fleet.destroy()
        pytest.fail(f"bin/fleet up failed: {error.cmd}\n{error.stdout}\n{error.stderr}")
    except Exception:
        logs = "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-1500:]}"
            for log in sorted(directory.joinpath("logs").glob("*.log"))
        )
        fleet.destroy()
        pytest.fail(f"bin/fleet up failed; logs:\n{logs}")
    yield fleet
    fleet.destroy()
    # `down` leaves nothing running: no pid alive, no port of the fleet answering.
    ports = [fleet.lb_port, fleet.primary_port, fleet.replica_port, fleet.redis_port, fleet.s3_port]
    ports += [fleet.web_port(node) for node in ("web1", "web2")]
    listening = [port for port in ports if _listening(port)]
    assert not listening, f"still listening after bin/fleet down: {listening}"


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def http(fleet):
    """A requests session that talks to the balancer."""
    session = requests.Session()
    session.base_url = fleet.url
    yield session
    session.close()


def shell(fleet: Fleet, code: str) -> str:
    """Run Python in `manage.py shell` with the fleet's settings; the last line it prints."""
    return fleet.manage("shell", "-c", code).stdout.strip().splitlines()[-1]


def in_a_browser(work):
    """Run `work(browser)` with a headless Chromium in a thread of its own: Playwright's sync API
    refuses a thread whose event loop already runs (the e2e journeys' session browser does)."""

    def run():
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise RuntimeError(f"Chromium not found at {CHROMIUM}: run bin/services (or bin/test)")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
            )
            try:
                return work(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
