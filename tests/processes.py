"""Real processes for tests: a Celery worker on Redis, against the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test_… database)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        if connection.is_in_memory_db():
            # Django's in-memory test database ("file:memorydb_default?mode=memory&...") lives
            # in this process only; handed to another one, the settings keep its name and drop
            # mode=memory, so SQLite creates an empty file `memorydb_default` in the project.
            raise RuntimeError(
                "a real worker process cannot share SQLite's in-memory test database: "
                "run the suite on PostgreSQL (DATABASE_URL=postgres://..., as bin/test does)"
            )
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A portal worker` in a subprocess; start(), kill(), stop()."""

    def __init__(
        self,
        *,
        broker: str,
        extra_env: dict | None = None,
        concurrency: int = 2,
        beat: bool = False,
    ):
        self.broker = broker
        self.extra_env = extra_env or {}
        self.concurrency = concurrency
        self.beat = beat  # also run the periodic tasks (celery worker --beat)
        self.process: subprocess.Popen | None = None
        self.log_path = (
            ROOT / "test-artifacts" / f"celery-worker-{os.getpid()}-{time.time_ns()}.log"
        )

    def env(self) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": self.broker,
            "CELERY_RESULT_BACKEND": self.broker,
            "EMAIL_BACKEND": settings.EMAIL_BACKEND,
            "DEBUG": "true",
            **self.extra_env,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def beat_args(self) -> list[str]:
        if not self.beat:
            return []
        schedule = self.log_path.with_suffix(".beat-schedule")
        return ["--beat", f"--schedule={schedule}"]

    def start(self, *, wait: float = 30.0) -> "Worker":
        self.log_path.parent.mkdir(exist_ok=True)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={self.concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{os.getpid()}-{time.time_ns()}@%h",
                *self.beat_args(),
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_path.read_text()[-3000:]}")
            if b"ready." in self.log_path.read_bytes():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"worker not ready after {wait}s:\n{self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crashed machine would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "_log", None):
            self._log.close()


def reset_broker_pools() -> None:
    """Drop this process's Celery connection pools so the next publish uses the current config.

    kombu 5.7's `force_close_all()` marks a pool closed for good ("Acquire on closed pool").
    """
    from kombu import pools

    from portal.celery import app

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()
    # The result backend is cached too (per app or per thread): rebuild it from the config.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
