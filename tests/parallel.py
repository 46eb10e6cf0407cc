"""The suite on every core (pytest-xdist): what each worker owns, and the quick loop.

tests/conftest.py imports these hooks. `bin/test` runs `pytest -n auto --dist loadgroup
--serial=exclude`, then the tests marked `serial` alone (`--serial=only`) when there are any.

Each worker gwN has, without any test asking for it:
- its own test database (pytest-django appends `_gwN` to its name);
- its own Redis database: `TEST_REDIS_URL`'s number minus N (default 15, so gw0 uses 15 and gw1
  14), set in the worker's environment for the processes its tests start;
- its own fleet ports and directory (tests/fleet/conftest.py: `FLEET_TEST_PORT_OFFSET` plus
  10 × N, under a fresh temporary directory);
- its own browser (tests/e2e/conftest.py's session `browser`) and HTML checker (tests/vnu.py),
  and servers on free ports (pytest-django's live server, tests/notifications/smtp.py's sinks,
  tests/twitch/fake_twitch.py).

Markers: `serial` for a test that cannot share the machine (it runs alone after the others);
`pytest.mark.xdist_group(name)` keeps tests that share one expensive session fixture (the fleet)
on one worker. `--quick` deselects the browser, worker and fleet tests.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

QUICK_EXCLUDES = ("e2e", "worker", "fleet")
# Tests using these fixtures start what their marker says, whatever file they are in.
MARKED_BY_FIXTURE = {"celery_worker_process": "worker"}


def worker_index() -> int:
    """N for pytest-xdist's worker gwN; 0 in a process of its own."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def worker_redis_url(url: str, index: int) -> str:
    """`url` with its database number lowered by `index` (the worker's own database)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) - index
    if number < 0:
        raise pytest.UsageError(
            f"TEST_REDIS_URL {url} leaves no Redis database for worker gw{index}: "
            "use a higher database number or fewer workers (-n)"
        )
    return urlunsplit(parts._replace(path=f"/{number}"))


def pytest_addoption(parser):
    group = parser.getgroup("modportal")
    group.addoption(
        "--quick",
        action="store_true",
        help="the quick loop: leave out the browser journeys, worker and fleet tests",
    )
    group.addoption(
        "--serial",
        choices=("include", "exclude", "only"),
        default="include",
        help="tests marked serial (they cannot share the machine): run them too (default), "
        "leave them out (the parallel run) or run only them",
    )


def pytest_configure(config):
    if "PYTEST_XDIST_WORKER" in os.environ:
        base = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
        os.environ["TEST_REDIS_URL"] = worker_redis_url(base, worker_index())


def _quick_excludes(item) -> bool:
    return any(item.get_closest_marker(marker) for marker in QUICK_EXCLUDES)


def _serial(item) -> bool:
    return item.get_closest_marker("serial") is not None


def _parallel(item) -> bool:
    return not _serial(item)


@pytest.hookimpl(trylast=True)  # after the folders' conftests have added their markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marker in MARKED_BY_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
    if config.getoption("quick"):
        _deselect(config, items, _quick_excludes)
    serial = config.getoption("serial")
    if serial == "exclude":
        if os.environ.get("TEST_SERIAL_LIST"):
            # bin/test runs the serial tests afterwards only when this run left some out.
            left_out = "".join(f"{item.nodeid}\n" for item in items if _serial(item))
            _write_atomically(Path(os.environ["TEST_SERIAL_LIST"]), left_out)
        _deselect(config, items, _serial)
    elif serial == "only":
        _deselect(config, items, _parallel)


def _deselect(config, items: list, leave_out) -> None:
    """Remove the items `leave_out(item)` is true for from `items` (in place), and report them."""
    dropped = [item for item in items if leave_out(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not leave_out(item)]


def _write_atomically(path: Path, text: str) -> None:
    # Every worker collects the same tests and writes the same list.
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    temporary.write_text(text)
    temporary.replace(path)
