#!/usr/bin/env python
"""Benchmark the norms export: requests/s of rules.json (200 and 304) against a bare view.

Starts gunicorn on loopback with production settings (DEBUG off) plus one bare view that only
returns "ok" through the same middleware (scripts/bench_norms_urls.py, never in production
URLs), then drives each URL with wrk (`apt-get install wrk`) and prints the numbers and the
ratio to the bare view.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/modportal_norms \\
        .venv/bin/python scripts/bench_norms.py [--duration 10] [--connections 8] [--workers 2]

It adds (once) a channel "bench-norms" with a published version to the database it is given,
through the services. It is a measurement, not a test: nothing fails on a slow machine.
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SLUG = "bench-norms"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rounds", type=int, default=3, help="runs per URL, interleaved")
    parser.add_argument(
        "--redis",
        default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1"),
        help="the web processes' cache (REDIS_URL), as in production; '' for the in-process one",
    )
    return parser.parse_args()


def ensure_norms() -> None:
    """A channel with three published norms, built through the services (development mode)."""
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from channels.models import Channel
    from channels.services import channel_create
    from norms.models import NormSet
    from norms.services import norm_create, norms_publish

    if NormSet.objects.filter(channel__slug=SLUG, current_number__gte=1).exists():
        return
    owner, _ = get_user_model().objects.get_or_create(username="bench-owner")
    channel = Channel.objects.filter(slug=SLUG).first() or channel_create(
        creator=owner,
        name="Bench Norms",
        slug=SLUG,
        platform="twitch",
        platform_url="https://twitch.tv/bench",
    )
    for title in ("Be kind to each other", "No spoilers", "Keep everyone safe"):
        norm_create(
            channel=channel,
            actor=owner,
            title=title,
            explanation="A **short** explanation of why this norm matters to the channel.",
            allowed_examples="One allowed thing\nAnother",
            not_allowed_examples="One thing that is not",
        )
    norms_publish(channel=channel, actor=owner, summary="Benchmark rules", is_material=True)


def server_env(args) -> dict:
    env = dict(os.environ)
    env.update(
        REDIS_URL=args.redis,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DJANGO_SETTINGS_MODULE="bench_norms_settings",
        LOG_LEVEL="WARNING",
    )
    return env


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url}")


def wrk(args, url: str, headers: list[str]) -> float:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    for header in headers:
        command += ["-H", header]
    run = subprocess.run  # our own arguments, loopback only
    output = run(command + [url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        print("Install wrk first: apt-get install -y wrk")
        return 2
    ensure_norms()
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "portal.wsgi:application",
        "--pythonpath",
        f"{ROOT},{ROOT / 'scripts'}",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(gunicorn, env=server_env(args), cwd=ROOT)  # noqa: S603
    try:
        wait_for(f"{base}/bench/bare/")
        with urllib.request.urlopen(f"{base}/c/{SLUG}/rules.json") as response:  # noqa: S310
            etag = response.headers["ETag"]
        targets = {
            "bare view": (f"{base}/bench/bare/", []),
            "rules.json 200": (f"{base}/c/{SLUG}/rules.json", []),
            "rules.json 304": (f"{base}/c/{SLUG}/rules.json", [f"If-None-Match: {etag}"]),
        }
        results = {name: [] for name in targets}
        for _round in range(args.rounds):  # interleaved, so a busy moment hits all of them
            for name, (url, headers) in targets.items():
                results[name].append(wrk(args, url, headers))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"gunicorn {args.workers} sync workers, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, {args.rounds} interleaved rounds, cache {args.redis or 'locmem'}, "
        f"load avg {os.getloadavg()[0]:.2f}"
    )
    bare_best, bare_median = max(results["bare view"]), statistics.median(results["bare view"])
    for name, values in results.items():
        best, median = max(values), statistics.median(values)
        runs = ", ".join(f"{v:.0f}" for v in values)
        print(
            f"  {name:<15} best {best:7.0f} req/s ({best / bare_best:6.1%} of bare), "
            f"median {median:7.0f} ({median / bare_median:6.1%}); runs: {runs}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
