"""Throughput through the fleet's balancer with one web node and with two, and where the queries
went (primary or replica). A measurement, not a test: run `bin/fleet up` first.

    .venv/bin/python scripts/bench_fleet.py /c/nova-streams/ /healthz/ping
    .venv/bin/python scripts/bench_fleet.py --duration 20 /c/nova-streams/rules.json

For every path it runs wrk (Debian's `wrk`) against haproxy twice: with web2 in maintenance
(one node) and with both nodes, and reads each PostgreSQL server's committed transactions from
pg_stat_database before and after (each autocommit query is one transaction; the nodes' health
checks are in the count too). FLEET_DIR / FLEET_PORT_OFFSET select the fleet as for bin/fleet.
"""

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.fleet import Fleet  # noqa: E402


def transactions(port: int) -> int:
    with psycopg.connect(
        host="127.0.0.1", port=port, user="postgres", dbname="modportal", autocommit=True
    ) as conn:
        row = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'modportal'"
        ).fetchone()
    return int(row[0])


def wrk(url: str, *, duration: int, connections: int, threads: int) -> dict:
    out = subprocess.run(  # noqa: S603
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rps,
        "requests": total,
        "p50": p50,
        "p99": p99,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/c/nova-streams/", "/healthz/ping"])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 1
    fleet = Fleet()
    fleet.wait_backends_up(["web1", "web2"], timeout=10)
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s through haproxy "
        f"{fleet.url}; each node: gunicorn, 2 sync workers"
    )
    print(
        f"{'path':<28} {'nodes':>5} {'req/s':>8} {'p50':>8} {'p99':>8} "
        f"{'primary q/req':>13} {'replica q/req':>13} {'non-2xx':>7}"
    )
    try:
        for path in args.paths:
            for nodes in (1, 2):
                fleet.set_node_enabled("web2", nodes == 2)
                time.sleep(1.5)
                url = fleet.url + path
                subprocess.run(["wrk", "-t1", "-c2", "-d2s", url], capture_output=True)  # noqa: S603, S607 - warm up
                time.sleep(1.5)  # let the servers flush their statistics
                before = transactions(fleet.primary_port), transactions(fleet.replica_port)
                result = wrk(
                    url,
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.threads,
                )
                time.sleep(1.5)
                after = transactions(fleet.primary_port), transactions(fleet.replica_port)
                primary, replica = after[0] - before[0], after[1] - before[1]
                count = max(result["requests"], 1)
                print(
                    f"{path:<28} {nodes:>5} {result['rps']:>8.1f} {result['p50']:>8} "
                    f"{result['p99']:>8} {primary / count:>13.2f} {replica / count:>13.2f} "
                    f"{result['non_2xx']:>7} {result['socket_errors']}",
                    flush=True,
                )
    finally:
        fleet.set_node_enabled("web2", True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
