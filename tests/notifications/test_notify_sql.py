"""notify() on PostgreSQL: one INSERT … SELECT gives exactly the rows the rules (and the portable
Python path) give, for lists, ids and QuerySets, in a fixed number of queries."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from portal.models import User
from portal.notifications import services
from portal.notifications.models import Notification, State
from portal.notifications.registry import Delivery
from tests.factories import UserFactory

FIELDS = (
    "recipient_id",
    "event",
    "channel_id",
    "actor_id",
    "target_content_type_id",
    "target_id",
    "target_label",
    "target_url",
    "summary",
    "context",
    "email_mode",
    "state",
    "attempts",
    "last_error",
)


def snapshot():
    """Every row, without ids and times, plus whether it was queued."""
    return sorted(
        (*values, queued)
        for *values, queued in Notification.objects.values_list(*FIELDS, "queued_at").iterator()
        for queued in [queued is not None]
    )


@pytest.fixture
def crowd(events, people, channels):
    """One recipient per rule: preferences global, per channel, off, no email, inactive."""
    users = {
        "plain": people.alice,
        "global_off": UserFactory(username="global_off"),
        "global_digest": UserFactory(username="global_digest"),
        "channel_in_app": UserFactory(username="channel_in_app"),
        "channel_off": UserFactory(username="channel_off"),
        "other_channel_off": UserFactory(username="other_channel_off"),
        "channel_on_over_global_off": UserFactory(username="channel_on"),
        "no_email": UserFactory(username="no_email", email=""),
        "no_email_in_app": UserFactory(username="no_email_in_app"),
        "inactive": UserFactory(username="inactive", is_active=False),
    }
    User.objects.filter(pk=users["no_email_in_app"].pk).update(email="")  # one "" per factory
    users["no_email_in_app"].email = ""
    set_ = services.preference_set
    set_(user=users["global_off"], event="test.poked", delivery=Delivery.OFF)
    set_(user=users["global_digest"], event="test.poked", delivery=Delivery.DIGEST)
    lounge, arena = channels.lounge.pk, channels.arena.pk
    set_(
        user=users["channel_in_app"],
        event="test.poked",
        delivery=Delivery.IN_APP,
        channel_id=lounge,
    )
    set_(user=users["channel_off"], event="test.poked", delivery=Delivery.OFF, channel_id=lounge)
    set_(
        user=users["other_channel_off"], event="test.poked", delivery=Delivery.OFF, channel_id=arena
    )
    set_(user=users["channel_on_over_global_off"], event="test.poked", delivery=Delivery.OFF)
    set_(
        user=users["channel_on_over_global_off"],
        event="test.poked",
        delivery=Delivery.IMMEDIATE,
        channel_id=lounge,
    )
    set_(user=users["no_email_in_app"], event="test.poked", delivery=Delivery.IN_APP)
    # A preference of another event never counts.
    set_(user=users["plain"], event="test.waved", delivery=Delivery.OFF)
    return users


def poke(people, channels, recipients, **kwargs):
    return services.notify(
        event="test.poked",
        recipients=recipients,
        channel=channels.lounge,
        actor=people.owner,
        target=channels.lounge,
        context={"note": "hi"},
        **kwargs,
    )


def test_the_sql_path_applies_every_rule(
    crowd, people, channels, django_capture_on_commit_callbacks
):
    recipients = [*crowd.values(), people.owner, crowd["plain"], crowd["global_digest"]]
    with django_capture_on_commit_callbacks() as callbacks:
        result = poke(people, channels, recipients)
    rows = {row.recipient.username: row for row in result}
    assert set(rows) == {
        "alice",
        "global_digest",
        "channel_in_app",
        "other_channel_off",
        "channel_on",
        "no_email",
        "no_email_in_app",
    }
    assert len(result) == len(result.ids) == 7
    expect = {
        "alice": (Delivery.IMMEDIATE, State.PENDING, "", True),
        "global_digest": (Delivery.DIGEST, State.PENDING, "", False),
        "channel_in_app": (Delivery.IN_APP, State.SKIPPED, "", False),
        "other_channel_off": (Delivery.IMMEDIATE, State.PENDING, "", True),
        "channel_on": (Delivery.IMMEDIATE, State.PENDING, "", True),
        "no_email": (Delivery.IMMEDIATE, State.SKIPPED, "No email address.", False),
        "no_email_in_app": (Delivery.IN_APP, State.SKIPPED, "", False),
    }
    got = {
        name: (row.email_mode, row.state, row.last_error, row.queued_at is not None)
        for name, row in rows.items()
    }
    assert got == expect
    # Recipient order is kept (first mention), and only immediate emails are enqueued.
    assert [row.recipient.username for row in result][:2] == ["alice", "global_digest"]
    (enqueue,) = callbacks
    assert sorted(enqueue.args[0]) == sorted(row.pk for row in result if row.queued_at)
    row = rows["alice"]
    assert row.summary == "Owner poked you in Lounge: hi"
    assert (row.channel, row.actor, row.target_label) == (channels.lounge, people.owner, "Lounge")
    assert row.target_url == channels.lounge.get_absolute_url()
    assert row.context == {"note": "hi"}
    assert row.created_at is not None and row.attempts == 0


def test_lists_ids_and_querysets_give_the_same_rows_as_the_python_path(
    crowd, people, channels, monkeypatch
):
    users = [*crowd.values(), people.owner]
    ids = [user.pk for user in users]
    results = {}
    for name, recipients in {
        "users": users,
        "ids": ids + ids[:3],
        "queryset": User.objects.filter(pk__in=ids),
        "id_queryset": User.objects.filter(pk__in=ids).values_list("pk", flat=True),
    }.items():
        with transaction.atomic():
            poke(people, channels, recipients)
            results[name] = snapshot()
            transaction.set_rollback(True)
    # The portable path (SQLite's) on the same data, as the reference, for each kind of input.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    portable = {}
    for name, recipients in {
        "users": users,
        "ids": ids + ids[:3],
        "queryset": User.objects.filter(pk__in=ids),
        "id_queryset": User.objects.filter(pk__in=ids).values_list("pk", flat=True),
    }.items():
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            poke(people, channels, recipients)
            portable[name] = snapshot()
            assert not any("unnest" in q["sql"] for q in queries.captured_queries)
            transaction.set_rollback(True)
    reference = portable["users"]
    assert len(reference) == 7
    assert results == portable == dict.fromkeys(results, reference)


def test_a_queryset_is_never_loaded(crowd, people, channels):
    with CaptureQueriesContext(connection) as queries:
        result = poke(people, channels, User.objects.filter(username__startswith="channel_"))
    (insert,) = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert "SELECT" in insert and len(queries.captured_queries) == 1
    assert len(result) == 2  # channel_in_app and channel_on; channel_off chose "off"


def test_a_queryset_of_something_else_is_refused(events, people, channels):
    with pytest.raises(TypeError):
        poke(people, channels, User.objects.values("pk", "email"))


def test_notify_runs_a_fixed_number_of_queries(events, people, channels):
    def queries_for(count: int) -> int:
        users = [UserFactory() for _ in range(count)]
        services.preference_set(user=users[0], event="test.poked", delivery=Delivery.DIGEST)
        with CaptureQueriesContext(connection) as context:
            result = poke(people, channels, users)
        assert len(result) == count
        return len(context.captured_queries)

    assert queries_for(3) == queries_for(40) == 1
