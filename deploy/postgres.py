"""The fleet's PostgreSQL: a scratch primary and its streaming replica, own clusters."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PG_BIN = Path(os.environ.get("FLEET_PG_BIN", "/usr/lib/postgresql/15/bin"))


class Postgres:
    """The primary and the replica; the class using it provides `path()`, `primary_dir`,
    `replica_dir`, `primary_port` and `replica_port`."""

    def as_postgres(self, args: list, **kwargs) -> subprocess.CompletedProcess:
        """Run a PostgreSQL program, as the postgres user when we are root (it refuses root)."""
        command = [str(arg) for arg in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603

    def pg_ctl(self, data: Path, action: str, port: int) -> None:
        log = self.path("logs", f"{data.name}.log")
        args = [PG_BIN / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60"]
        if action == "start":
            args += ["-o", f"-p {port} -k {self.path('pg')}"]
            self.as_postgres([*args, "start"])
        else:
            self.as_postgres([*args, "-m", "fast", "stop"])

    def pg_running(self, data: Path) -> bool:
        pid_file = data / "postmaster.pid"
        if not pid_file.exists():
            return False
        try:
            os.kill(int(pid_file.read_text().split()[0]), 0)
        except (ProcessLookupError, ValueError):
            return False
        return True

    def init_postgres(self) -> None:
        pg_root = self.path("pg")
        pg_root.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(pg_root, "postgres", "postgres")
            shutil.chown(self.path("logs"), "postgres")
        if not (self.primary_dir / "PG_VERSION").exists():
            self.as_postgres(
                [PG_BIN / "initdb", "-D", self.primary_dir, "-U", "postgres", "--auth=trust"]
                + ["--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]
            )
            with (self.primary_dir / "postgresql.conf").open("a") as conf:
                conf.write(
                    "\n# bin/fleet: a scratch primary on loopback only\n"
                    "listen_addresses = '127.0.0.1'\nwal_level = replica\n"
                    "max_wal_senders = 5\nhot_standby = on\nwal_keep_size = 256MB\n"
                    "max_connections = 100\nshared_buffers = 64MB\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                )
            with (self.primary_dir / "pg_hba.conf").open("a") as hba:
                hba.write("host replication postgres 127.0.0.1/32 trust\n")
        if not self.pg_running(self.primary_dir):
            self.pg_ctl(self.primary_dir, "start", self.primary_port)
        exists = self.as_postgres(
            [PG_BIN / "psql", "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres"]
            + ["-tAc", "SELECT 1 FROM pg_database WHERE datname = 'modportal'"]
        ).stdout.strip()
        if not exists:
            self.as_postgres(
                [PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.primary_port]
                + ["-U", "postgres", "modportal"]
            )
        if not (self.replica_dir / "PG_VERSION").exists():
            self.as_postgres(
                [PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary_port]
                + [
                    "-U",
                    "postgres",
                    "-D",
                    self.replica_dir,
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                    "--no-sync",
                ]
            )
        if not self.pg_running(self.replica_dir):
            self.pg_ctl(self.replica_dir, "start", self.replica_port)

    def start_replica(self) -> None:
        self.pg_ctl(self.replica_dir, "start", self.replica_port)

    def stop_replica(self) -> None:
        if self.pg_running(self.replica_dir):
            self.pg_ctl(self.replica_dir, "stop", self.replica_port)
