"""Fresh Python processes for tests, started in a fraction of the usual time.

Tests that check what the project does at start-up (settings read from the environment, the
deploy check, makemessages) each need a new interpreter with its own environment: the settings
module is evaluated once per process. Importing Django, Celery, allauth and the other libraries
is most of such a process's start, so one server process per test worker imports them once,
before any settings exist, and forks a child for every run. The child sets its own environment
and working directory and runs its command from scratch (`django.setup()` and the settings
module included), exactly as a new `python manage.py …` would.

    result = run(["manage.py", "check"], env={...}, cwd=ROOT)
    result.returncode, result.stdout, result.stderr   # as subprocess.run(..., text=True)

`run(["-c", code], ...)` runs a snippet instead of a script, like `python -c`.
"""

import atexit
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

# Imported by the server before it forks: libraries only, nothing that reads settings.
PRELOAD = (
    "django",
    "django.conf",
    "django.core.management",
    "django.db.models",
    "django.forms",
    "django.http",
    "django.template",
    "django.urls",
    "django.contrib.admin",
    "celery",
    "kombu",
    "requests",
    "markdown",
    "nh3",
    "PIL.Image",
    "psycopg",
    "psycopg_pool",
    "fido2.server",
    "allauth",
)


def _serve() -> None:  # pragma: no cover (runs in the server process)
    import contextlib
    import importlib

    for name in PRELOAD:
        # A library that fails here is imported again by the child, which reports the error.
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    out = sys.stdout
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(job)
        _, status = os.waitpid(pid, 0)
        out.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        out.flush()


def _child(job: dict) -> None:  # pragma: no cover (runs in a forked child)
    import runpy
    import signal

    code = 1
    signal.alarm(job["timeout"])  # a child that hangs is killed, as subprocess.run's timeout
    try:
        os.environ.clear()
        os.environ.update(job["env"])
        os.chdir(job["cwd"])
        sys.path[0] = job["cwd"]
        for fd, path in ((1, job["stdout"]), (2, job["stderr"])):
            handle = os.open(path, os.O_WRONLY | os.O_TRUNC)
            os.dup2(handle, fd)
            os.close(handle)
        sys.stdin = open(os.devnull)  # noqa: SIM115
        args = job["args"]
        try:
            if args[0] == "-c":
                sys.argv = ["-c", *args[2:]]
                exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
            else:
                sys.argv = list(args)
                runpy.run_path(args[0], run_name="__main__")
            code = 0
        except SystemExit as stop:
            if stop.code is None:
                code = 0
            elif isinstance(stop.code, int):
                code = stop.code
            else:
                print(stop.code, file=sys.stderr)
                code = 1
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


class _Server:
    def __init__(self):
        self.process = None
        self.lock = threading.Lock()

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from tests.forkserver import _serve; _serve()"],
            cwd=Path(__file__).resolve().parent.parent,
            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        atexit.register(self.process.kill)

    def run(self, job: dict) -> int:
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.start()
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            return json.loads(self.process.stdout.readline())["returncode"]


_server = _Server()


def run(args: list[str], *, env: dict, cwd, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `python *args` in a fresh process (forked from the server) and wait for it."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="modportal-fork-") as folder:
        stdout, stderr = Path(folder) / "stdout", Path(folder) / "stderr"
        stdout.touch()
        stderr.touch()
        job = {
            "args": [str(a) for a in args],
            "env": {k: str(v) for k, v in env.items()},
            "cwd": str(cwd),
            "stdout": str(stdout),
            "stderr": str(stderr),
            "timeout": timeout,
        }
        returncode = _server.run(job)
        return subprocess.CompletedProcess(
            [sys.executable, *args], returncode, stdout.read_text(), stderr.read_text()
        )
