#!/usr/bin/env python
"""Benchmark the notifications outbox: notify 10,000 recipients of one event, then deliver.

Reports how fast notify() writes outbox rows on PostgreSQL (target: 10,000 rows in under 2 s)
and how fast one Celery worker delivers the emails to a local SMTP sink (aiosmtpd).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/modportal \\
        .venv/bin/python scripts/bench_notifications.py [--recipients 10000] [--concurrency 1]

It works in a scratch database (<name>_bench, created and dropped by Django's test machinery)
and a scratch Redis database (--redis, default redis://127.0.0.1:6379/13, flushed), so it
touches no real data. It is a measurement, not a test: nothing fails on a slow machine.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=1, help="worker processes (pool size)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for emails")
    parser.add_argument("--skip-delivery", action="store_true", help="measure the write only")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["CELERY_BROKER_URL"] = args.redis  # before settings load: real broker, not eager
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()

    import redis
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from portal.notifications.models import Notification, State
    from portal.notifications.registry import Delivery, EventType, register
    from portal.notifications.services import notify
    from tests.notifications.smtp import SmtpSink
    from tests.processes import Worker

    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database: the benchmark is about PostgreSQL.")
        return 2
    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_bench"
    broker = redis.Redis.from_url(args.redis)
    broker.flushdb()

    old_name = database["NAME"]
    print(f"Creating the scratch database {database['TEST']['NAME']} …", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    sink = worker = None
    try:
        # One event type for the run (the worker falls back to the generic email templates).
        register(
            EventType(
                name="bench.announcement_posted",
                label="Benchmark announcement",
                summary="{{ actor }} posted “{{ title }}” in {{ channel_name }}.",
                default_delivery=Delivery.IMMEDIATE,
            )
        )
        User = get_user_model()
        password = make_password(None)
        actor = User.objects.create(username="bench-actor", email="actor@example.com")
        User.objects.bulk_create(
            (
                User(username=f"bench{i:05d}", email=f"bench{i:05d}@example.com", password=password)
                for i in range(args.recipients)
            ),
            batch_size=2000,
        )
        recipients = list(User.objects.exclude(pk=actor.pk))
        print(f"{len(recipients)} recipients ready.", flush=True)

        if not args.skip_delivery:
            sink = SmtpSink().start()
            worker = Worker(
                broker=args.redis, concurrency=args.concurrency, extra_env=sink.env
            ).start()
            print(f"Worker ready ({args.concurrency} process(es)); SMTP sink on {sink.port}.")

        started = time.perf_counter()
        with transaction.atomic():
            rows = notify(
                event="bench.announcement_posted",
                recipients=recipients,
                actor=actor,
                context={"title": "Friday schedule", "channel_name": "Bench Lounge"},
            )
            written = time.perf_counter() - started
        committed = time.perf_counter() - started  # commit, then enqueue the delivery tasks
        count = len(rows)
        print()
        print(f"outbox write: {count} rows in {written:.3f} s = {count / written:,.0f} rows/s")
        print(f"  with commit and enqueueing {count} ids in tasks: {committed:.3f} s")
        if args.skip_delivery:
            return 0

        if not sink.wait_for(count, timeout=args.timeout):
            print(f"Only {sink.count()} of {count} emails arrived in {args.timeout:.0f} s.")
            return 1
        delivered = time.perf_counter() - started
        sent_rows = Notification.objects.filter(state=State.SENT).count()
        duplicates = sum(n - 1 for n in sink.notification_ids().values() if n > 1)
        print(
            f"email delivery: {count} emails in {delivered:.1f} s = "
            f"{count / delivered:,.1f} emails/s with one worker (concurrency {args.concurrency})"
        )
        print(f"  rows marked sent: {sent_rows}; duplicate emails: {duplicates}")
        return 0
    finally:
        if worker:
            worker.stop()
        if sink:
            sink.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        broker.flushdb()


if __name__ == "__main__":
    sys.exit(main())
