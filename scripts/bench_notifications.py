#!/usr/bin/env python
"""Benchmark the notifications outbox: notify N recipients of one event, then deliver.

Reports how fast notify() writes outbox rows on PostgreSQL beside the floor: one plain
`INSERT … SELECT … FROM unnest(ids)` of the same rows (target: notify() within twice that),
for each --recipients size (default 10,000 and 100,000), and how fast one Celery worker
delivers the emails to a local SMTP sink (aiosmtpd; the first size only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/modportal \\
        .venv/bin/python scripts/bench_notifications.py [--recipients 10000 100000] \\
        [--concurrency 1] [--skip-delivery]

It works in a scratch database (<name>_bench, created and dropped by Django's test machinery)
and a scratch Redis database (--redis, default redis://127.0.0.1:6379/13, flushed), so it
touches no real data. It is a measurement, not a test: nothing fails on a slow machine.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# The floor notify() is measured against: every row immediate and pending, no preference looked up.
PLAIN_INSERT = """
INSERT INTO notifications_notification
    (recipient_id, event, actor_id, target_id, target_label, target_url, summary, context,
     email_mode, state, attempts, last_error, queued_at, created_at)
SELECT r.uid, 'bench.announcement_posted', %s, '', '', '',
       'Bench Actor posted “Friday schedule” in Bench Lounge.', %s::jsonb,
       'immediate', 'pending', 0, '', %s, now()
FROM unnest(%s::bigint[]) AS r(uid)
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
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
    from django.utils import timezone

    from portal.notifications.models import Notification, NotificationPreference, State
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
                User(username=f"bench{i:06d}", email=f"bench{i:06d}@example.com", password=password)
                for i in range(max(args.recipients))
            ),
            batch_size=5000,
        )
        everyone = list(User.objects.exclude(pk=actor.pk).order_by("pk"))
        # A tenth of them chose a daily digest: preferences are part of the work.
        NotificationPreference.objects.bulk_create(
            NotificationPreference(
                user=user, event="bench.announcement_posted", delivery=Delivery.DIGEST
            )
            for user in everyone[::10]
        )
        print(f"{len(everyone)} users ready.", flush=True)
        context = {"title": "Friday schedule", "channel_name": "Bench Lounge"}

        def run_notify(recipients):
            return notify(
                event="bench.announcement_posted",
                recipients=recipients,
                actor=actor,
                context=context,
            )

        def plain_insert(ids):
            """The floor: the same rows from one INSERT … SELECT, nothing resolved."""
            with connection.cursor() as cursor:
                cursor.execute(PLAIN_INSERT, [actor.pk, json.dumps(context), timezone.now(), ids])
                return cursor.rowcount

        def best_of(write, recipients) -> tuple[float, int]:
            """Fastest of --repeat runs, each rolled back (so nothing is enqueued)."""
            best, count = float("inf"), 0
            for _ in range(args.repeat):
                with transaction.atomic():
                    started = time.perf_counter()
                    result = write(recipients)
                    best = min(best, time.perf_counter() - started)
                    count = result if isinstance(result, int) else len(result)
                    transaction.set_rollback(True)
            return best, count

        print()
        print(f"outbox write, best of {args.repeat} (rolled back each time):")
        header = ("recipients", "notify(users)", "notify(QuerySet)", "INSERT…SELECT", "ratio")
        print("{:>10}  {:>16}  {:>16}  {:>16}  {:>6}".format(*header))
        for size in args.recipients:
            users = everyone[:size]
            last = users[-1].pk
            queryset = User.objects.exclude(pk=actor.pk).filter(pk__lte=last)
            by_users, rows = best_of(run_notify, users)
            by_queryset, rows_qs = best_of(run_notify, queryset)
            floor, plain_rows = best_of(plain_insert, [u.pk for u in users])
            assert rows == rows_qs == plain_rows == size, (rows, rows_qs, plain_rows, size)
            print(
                f"{size:>10,}  {by_users:>14.3f} s  {by_queryset:>14.3f} s  {floor:>14.3f} s"
                f"  {by_users / floor:>5.2f}x"
            )
        if args.skip_delivery:
            return 0

        sink = SmtpSink().start()
        worker = Worker(broker=args.redis, concurrency=args.concurrency, extra_env=sink.env).start()
        print()
        print(f"Worker ready ({args.concurrency} process(es)); SMTP sink on {sink.port}.")
        recipients = everyone[: args.recipients[0]]
        started = time.perf_counter()
        with transaction.atomic():
            rows = run_notify(recipients)
            written = time.perf_counter() - started
        committed = time.perf_counter() - started  # commit, then enqueue the delivery tasks
        count = Notification.objects.filter(queued_at__isnull=False).count()
        print(f"outbox write: {len(rows)} rows ({count} immediate emails) in {written:.3f} s")
        print(f"  with commit and enqueueing {count} ids in tasks: {committed:.3f} s")

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
