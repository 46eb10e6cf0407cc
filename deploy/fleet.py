"""The production topology on one machine: `bin/fleet up | down | status`.

Everything runs from Debian's packages and the project's files, under one scratch directory
(FLEET_DIR, default `.fleet/` in the project), on its own ports (FLEET_PORT_OFFSET moves them all):

| process | port (offset 0) |
| --- | --- |
| haproxy, the load balancer (health checks on /healthz) | 18080, stats socket in the dir |
| gunicorn web1, web2 (2 sync workers each, NODE_NAME → X-Served-By) | 18081, 18082 |
| PostgreSQL primary and streaming replica (own clusters) | 55432, 55433 |
| Redis (own instance: broker db 0, cache and sessions db 1) | 18379 |
| moto's S3 server (the bucket for uploads) | 18900 |
| an SMTP sink writing to `<dir>/mail` (unless FLEET_EMAIL_PORT points elsewhere) | 18025 |
| Celery worker1, worker2 and one beat | |

Each process is started in its own session with its pid in `<dir>/run/<name>.pid` and its log in
`<dir>/logs/<name>.log`; `down` stops every one of them (and the PostgreSQL clusters).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .balancer import WEB_NODES, Balancer
from .postgres import PG_BIN, Postgres
from .processes import ROOT, Processes, wait_for_http, wait_for_port

__all__ = ["PG_BIN", "ROOT", "WEB_NODES", "Fleet", "main"]  # where callers import them from

PYTHON = ROOT / ".venv" / "bin" / "python"
BUCKET = "modportal-media"
WORKERS = ("worker1", "worker2")


@dataclass
class Fleet(Processes, Postgres, Balancer):
    directory: Path = field(
        default_factory=lambda: Path(os.environ.get("FLEET_DIR", ROOT / ".fleet")).resolve()
    )
    offset: int = field(default_factory=lambda: int(os.environ.get("FLEET_PORT_OFFSET", "0")))
    extra_env: dict = field(default_factory=dict)  # e.g. short sweep periods for tests
    # An SMTP server of your own (tests count what arrives); unset: the fleet runs a sink.
    email_port: int | None = field(
        default_factory=lambda: (
            int(os.environ["FLEET_EMAIL_PORT"]) if os.environ.get("FLEET_EMAIL_PORT") else None
        )
    )

    # Ports --------------------------------------------------------------------------------
    @property
    def lb_port(self) -> int:
        return 18080 + self.offset

    def web_port(self, node: str) -> int:
        return 18081 + WEB_NODES.index(node) + self.offset

    @property
    def primary_port(self) -> int:
        return 55432 + self.offset

    @property
    def replica_port(self) -> int:
        return 55433 + self.offset

    @property
    def redis_port(self) -> int:
        return 18379 + self.offset

    @property
    def s3_port(self) -> int:
        return 18900 + self.offset

    @property
    def smtp_port(self) -> int:
        return self.email_port or 18025 + self.offset

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def node_url(self, node: str) -> str:
        return f"http://127.0.0.1:{self.web_port(node)}"

    # Paths --------------------------------------------------------------------------------
    def path(self, *parts) -> Path:
        return self.directory.joinpath(*parts)

    @property
    def primary_dir(self) -> Path:
        return self.path("pg", "primary")

    @property
    def replica_dir(self) -> Path:
        return self.path("pg", "replica")

    @property
    def haproxy_socket(self) -> Path:
        return self.path("run", "haproxy.sock")

    def database_url(self, port: int | None = None) -> str:
        return f"postgres://postgres@127.0.0.1:{port or self.primary_port}/modportal"

    def secret_key(self) -> str:
        key_file = self.path("secret_key")
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(64))
            key_file.chmod(0o600)
        return key_file.read_text().strip()

    def django_env(self, node: str) -> dict:
        """Production settings (DEBUG off) pointing at the fleet's services; plain http."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "TEST_")) and key != "DATABASE_URL"
        }
        env.update(
            DEBUG="false",
            DJANGO_SETTINGS_MODULE="portal.settings",
            SECRET_KEY=self.secret_key(),
            NODE_NAME=node,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL=self.url,
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            SECURE_HSTS_SECONDS="0",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
            SECURE_HSTS_PRELOAD="false",
            DATABASE_URL=self.database_url(),
            DATABASE_REPLICA_URLS=self.database_url(self.replica_port),
            REPLICA_DEBUG_HEADER="true",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/1",
            CELERY_BROKER_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            S3_BUCKET=BUCKET,
            S3_ENDPOINT_URL=f"http://127.0.0.1:{self.s3_port}",
            S3_ACCESS_KEY_ID="fleet",
            S3_SECRET_ACCESS_KEY="fleet-secret",
            S3_REGION="us-east-1",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            EMAIL_USE_TLS="false",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    # The fleet ----------------------------------------------------------------------------
    def manage(self, *args, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env or self.django_env("setup"),
            check=True,
            capture_output=True,
            text=True,
        )

    def start_web(self, node: str) -> None:
        self.spawn(
            node,
            [PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{self.web_port(node)}"]
            + ["--workers", "2", "--access-logfile", "-", "--graceful-timeout", "5"],
            env=self.django_env(node),
        )

    def start_worker(self, name: str) -> None:
        self.spawn(
            name,
            [PYTHON, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO"]
            + ["--concurrency=1", "-n", f"{name}@%h", "--without-gossip", "--without-mingle"],
            env=self.django_env(name),
        )

    def up(self, *, quiet: bool = False) -> str:
        say = (lambda *_: None) if quiet else (lambda text: print(text, flush=True))
        for tool in ("haproxy", "redis-server"):
            if not shutil.which(tool):
                raise SystemExit(f"{tool} is missing: run bin/fleet (it installs it with apt-get)")
        for sub in ("run", "logs", "mail"):
            self.path(sub).mkdir(parents=True, exist_ok=True)
        say(f"fleet directory: {self.directory}")
        say(f"PostgreSQL primary :{self.primary_port} and streaming replica :{self.replica_port}")
        self.init_postgres()
        if not self.pid("redis"):
            say(f"Redis :{self.redis_port} (its own instance)")
            self.spawn(
                "redis",
                ["redis-server", "--bind", "127.0.0.1", "--port", self.redis_port, "--save", ""]
                + ["--appendonly", "no", "--dir", self.path("run")],
            )
        if not self.pid("s3"):
            say(f"S3-compatible server (moto) :{self.s3_port}, bucket {BUCKET}")
            self.spawn(
                "s3", [ROOT / ".venv/bin/moto_server", "-H", "127.0.0.1", "-p", self.s3_port]
            )
        if self.email_port is None and not self.pid("smtp"):
            say(f"SMTP sink :{self.smtp_port} writing to {self.path('mail')}")
            self.spawn(
                "smtp",
                [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.smtp_port}"]
                + ["-c", "aiosmtpd.handlers.Mailbox", self.path("mail")],
            )
        wait_for_port(self.redis_port)
        wait_for_port(self.s3_port)
        say("migrate, collectstatic, bucket")
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("shell", "-c", CREATE_BUCKET)
        if not self.path("seeded").exists():
            self.manage("seed_demo", "--force")
            self.path("seeded").touch()
        for node in WEB_NODES:
            if not self.pid(node):
                self.start_web(node)
        for name in WORKERS:
            if not self.pid(name):
                self.start_worker(name)
        if not self.pid("beat"):
            self.spawn(
                "beat",
                [PYTHON, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO"]
                + [f"--schedule={self.path('run', 'beat-schedule')}"],
                env=self.django_env("beat"),
            )
        self.path("haproxy.cfg").write_text(self.haproxy_config())
        subprocess.run(["haproxy", "-q", "-c", "-f", self.path("haproxy.cfg")], check=True)  # noqa: S603, S607
        if not self.pid("haproxy"):
            self.spawn("haproxy", ["haproxy", "-db", "-f", self.path("haproxy.cfg")])
        for node in WEB_NODES:
            wait_for_http(f"{self.node_url(node)}/healthz", timeout=60)
        self.wait_backends_up(WEB_NODES, timeout=30)
        say(
            f"haproxy :{self.lb_port} → web1 :{self.web_port('web1')}, "
            f"web2 :{self.web_port('web2')}; Celery worker1, worker2, beat"
        )
        say(f"\nThe fleet is up: open {self.url}/  (demo accounts: password modportal-demo)")
        return self.url

    def down(self) -> None:
        for name in ("haproxy", *WEB_NODES, "beat", *WORKERS, "smtp", "s3", "redis"):
            self.stop(name)
        for data in (self.replica_dir, self.primary_dir):
            if self.pg_running(data):
                self.pg_ctl(data, "stop", 0)

    def destroy(self) -> None:
        self.down()
        shutil.rmtree(self.directory, ignore_errors=True)

    def status(self) -> dict:
        processes = {
            name: ("running" if self.pid(name) else "stopped")
            for name in ("haproxy", *WEB_NODES, *WORKERS, "beat", "redis", "s3", "smtp")
        }
        processes["postgres-primary"] = (
            "running" if self.pg_running(self.primary_dir) else "stopped"
        )
        processes["postgres-replica"] = (
            "running" if self.pg_running(self.replica_dir) else "stopped"
        )
        answer = {"url": self.url, "directory": str(self.directory), "processes": processes}
        with contextlib.suppress(OSError):
            answer["haproxy"] = self.backend_states()
        return answer


CREATE_BUCKET = f"""
import boto3
from django.conf import settings
o = settings.S3_OPTIONS
s3 = boto3.client("s3", endpoint_url=o["endpoint_url"], aws_access_key_id=o["access_key"],
                  aws_secret_access_key=o["secret_key"], region_name=o["region_name"])
if "{BUCKET}" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    s3.create_bucket(Bucket="{BUCKET}")
"""


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    fleet = Fleet()
    if command == "up":
        try:
            fleet.up()
        except subprocess.CalledProcessError as error:
            print(f"failed: {error.cmd}\n{error.stdout}\n{error.stderr}", file=sys.stderr)
            return 1
    elif command == "down":
        fleet.down()
        print("The fleet is down: nothing of it runs.")
    elif command == "status":
        print(json.dumps(fleet.status(), indent=2))
    elif command == "destroy":
        fleet.destroy()
        print(f"The fleet is down and {fleet.directory} is gone.")
    else:
        print("usage: bin/fleet up | down | status | destroy", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
