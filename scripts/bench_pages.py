#!/usr/bin/env python
"""Benchmark the main pages against a bare Django view on the same server, in the same run.

Starts gunicorn (3 sync workers) on loopback with production settings (DEBUG off, Redis cache,
PostgreSQL) plus one bare view that only returns "ok" through the same middleware
(scripts/bench_pages_urls.py, never in the production URLs), seeds the demo data
(`manage.py seed_demo`) into its own database, signs in the demo member (`mod`) and owner
(`streamer`) and drives each page with wrk (`apt-get install wrk`), then prints, per page:
requests/s, the ratio to the bare view, p50 and p95 latency and the error count.

    .venv/bin/python scripts/bench_pages.py [--duration 10] [--database modportal_bench] \\
        [--redis redis://127.0.0.1:6379/4] [--only channel,rules]

The machine this runs on is usually shared and noisy: absolute req/s move from run to run, the
ratio to the bare view measured in the same run is the figure to compare. It is a measurement,
not a test: nothing fails on a slow machine.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHANNEL = "nova-streams"
MEMBER, OWNER = "mod", "streamer"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--database", default="modportal_bench", help="PostgreSQL database")
    parser.add_argument(
        "--postgres", default="postgres://postgres:postgres@127.0.0.1:5432", help="server URL"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4", help="the cache")
    parser.add_argument("--only", default="", help="comma-separated page keys (see --list)")
    parser.add_argument("--list", action="store_true", help="list the page keys and exit")
    parser.add_argument("--skip-seed", action="store_true", help="the database is seeded")
    return parser.parse_args()


def setup_django(args, secret_key: str) -> None:
    """This process seeds and signs in; it shares the server's database, cache and secret key
    (a session carries a hash keyed by it)."""
    os.environ.update(
        DEBUG="true",
        DATABASE_URL=f"{args.postgres}/{args.database}",
        REDIS_URL=args.redis,
        SECRET_KEY=secret_key,
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    import django

    django.setup()


def seed(args) -> None:
    """A fresh database with the demo data, built by the project's own command."""
    import psycopg
    from django.core.management import call_command
    from psycopg import sql

    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
        name = sql.Identifier(args.database)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)


def session_cookie(username: str) -> str:
    """A signed-in session for a demo user, in the server's session store, and the CSRF cookie
    a browser has from its first page."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = _get_new_csrf_string()
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"


def pages(base: str, member: str, owner: str) -> dict:
    """key -> (label, url, headers); resolved against the seeded data."""
    from moderators.models import Opening

    opening = Opening.objects.filter(channel__slug=CHANNEL, state="open").order_by("pk").first()
    if opening is None:
        opening = Opening.objects.order_by("pk").first()
    c = f"{base}/c/{CHANNEL}"
    table = {
        "bare": ("bare view", f"{base}/bench/bare/", []),
        "rules_json": ("rules.json 200", f"{c}/rules.json", []),
        "rules_json_304": ("rules.json 304", f"{c}/rules.json", ["If-None-Match: {etag}"]),
        "rules": ("rules page (public)", f"{c}/rules/", []),
        "channel": ("channel page (public)", f"{c}/", []),
        "board": ("openings board (public)", f"{base}/openings/", []),
        "opening": ("opening page (public)", f"{base}/openings/{opening.pk}/", []),
        "directory": ("moderator directory (public)", f"{base}/mods/", []),
        "profile": ("profile (public)", f"{base}/mods/{MEMBER}/", []),
        "library_public": ("community library (public)", f"{base}/resources/", []),
        "dashboard": ("dashboard (member)", f"{base}/dashboard/", [f"Cookie: {member}"]),
        "hub": ("hub (member)", f"{base}/community/", [f"Cookie: {member}"]),
        "library": ("library (member)", f"{c}/resources/", [f"Cookie: {member}"]),
        "team": ("team (owner)", f"{c}/team/", [f"Cookie: {owner}"]),
        "health": ("health (owner)", f"{c}/health/", [f"Cookie: {owner}"]),
        "applications": ("applications (owner)", f"{c}/applications/", [f"Cookie: {owner}"]),
        "norms_editor": ("norms editor (owner)", f"{c}/norms/", [f"Cookie: {owner}"]),
    }
    return table


def server_env(args, secret_key: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{args.postgres}/{args.database}",
        REDIS_URL=args.redis,
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DJANGO_SETTINGS_MODULE="bench_pages_settings",
        LOG_LEVEL="WARNING",
    )
    return env


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A signed-in page that redirects (to the login page) is a broken session, not a page."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url: str, headers: list[str]):
    request = urllib.request.Request(url)  # noqa: S310 - loopback
    for header in headers:
        name, value = header.split(": ", 1)
        request.add_header(name, value)
    return OPENER.open(request, timeout=30)


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with fetch(url, []) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


# wrk prints 50/75/90/99 %; this reports p50 and p95 (microseconds) and every error kind.
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH p50=%d p95=%d errors=%d status=%d\\n",
    latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout + e.status, e.status))
end
"""


def wrk(args, url: str, headers: list[str], script: Path) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["-s", str(script)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(  # noqa: S603 - our own arguments, loopback only
        command + [url], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"BENCH p50=(\d+) p95=(\d+) errors=(\d+) status=(\d+)", output)
    p50, p95, errors, _status = (int(n) for n in found.groups())
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"rps": rps, "p50": p50 / 1000, "p95": p95 / 1000, "errors": errors}


def check(label: str, url: str, headers: list[str]) -> str:
    """One request first: the page answers 200 (or 304 when asked), and its ETag."""
    try:
        with fetch(url, headers) as response:
            return response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return ""
        raise SystemExit(f"{label}: {url} answered {error.code}") from None


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk (Debian package 'wrk').")
        return 2
    secret_key = secrets.token_urlsafe(64)
    setup_django(args, secret_key)
    base = f"http://127.0.0.1:{args.port}"
    if args.list:
        for key, (label, *_rest) in pages(base, "", "").items():
            print(f"{key:<16} {label}")
        return 0
    if not args.skip_seed:
        seed(args)
    from django.core.cache import cache

    cache.clear()  # the benchmark's own Redis database: no stale pages or rate limits
    member, owner = session_cookie(MEMBER), session_cookie(OWNER)
    table = pages(base, member, owner)
    wanted = [key for key in args.only.split(",") if key]
    if wanted:
        table = {key: table[key] for key in ["bare", *wanted] if key in table}
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
    handle, name = tempfile.mkstemp(suffix=".lua")
    os.close(handle)
    script = Path(name)
    script.write_text(LUA)
    collect = [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic"]
    env = {**server_env(args, secret_key), "DJANGO_SETTINGS_MODULE": "portal.settings"}
    collect += ["--noinput", "-v", "0"]  # the hashed manifest production settings read
    subprocess.run(collect, env=env, cwd=ROOT, check=True)  # noqa: S603
    server = subprocess.Popen(gunicorn, env=server_env(args, secret_key), cwd=ROOT)  # noqa: S603
    results = {}
    try:
        wait_for(f"{base}/bench/bare/")
        etag = check("rules.json", table["rules_json"][1], []) if "rules_json_304" in table else ""
        for key, (label, url, headers) in table.items():
            headers = [h.replace("{etag}", etag) for h in headers]
            check(label, url, headers)
            for _warm in range(3):
                check(label, url, headers)
            results[key] = (label, wrk(args, url, headers, script))
    finally:
        server.terminate()
        server.wait(timeout=30)
        script.unlink(missing_ok=True)
    print(
        f"gunicorn {args.workers} sync workers, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, PostgreSQL {args.database}, cache {args.redis}, "
        f"load avg {os.getloadavg()[0]:.2f} (shared machine: compare the ratios, not req/s)"
    )
    bare = results["bare"][1]["rps"]
    print()
    print("| page | req/s | ratio to bare | p50 | p95 | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, r in results.values():
        print(
            f"| {label} | {r['rps']:,.0f} | {r['rps'] / bare:.2f} | {r['p50']:.1f} ms "
            f"| {r['p95']:.1f} ms | {r['errors']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
