"""One description of a notification row: every model column is in it, and both writers
build the same rows from it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from portal.notifications import rows
from portal.notifications.models import Notification, State
from portal.notifications.registry import Delivery


def test_every_column_of_the_model_is_described_once():
    described = rows.SHARED + rows.PER_RECIPIENT + rows.LATER
    assert len(described) == len(set(described))
    assert set(described) == {field.name for field in Notification._meta.concrete_fields}
    assert rows.columns() == rows.SHARED + rows.PER_RECIPIENT


def test_a_column_in_no_group_is_refused(monkeypatch):
    rows.columns.cache_clear()
    monkeypatch.setattr(rows, "LATER", tuple(c for c in rows.LATER if c != "read_at"))
    try:
        with pytest.raises(ImproperlyConfigured, match="read_at"):
            rows.columns()
    finally:
        rows.columns.cache_clear()


def test_the_sql_rule_covers_the_same_columns_as_the_python_rule():
    now = timezone.now()
    python = rows.per_recipient(mode=Delivery.IMMEDIATE, has_email=True, now=now)
    assert set(rows.per_recipient_sql(now)) == {"recipient", *python}
    assert set(python) | {"recipient"} == set(rows.PER_RECIPIENT)
    assert python["state"] == State.PENDING and python["queued_at"] == now
    no_address = rows.per_recipient(mode=Delivery.DIGEST, has_email=False, now=now)
    assert no_address["state"] == State.SKIPPED
    assert no_address["last_error"] == rows.NO_EMAIL_ADDRESS
    assert rows.per_recipient(mode=Delivery.IN_APP, has_email=False, now=now)["last_error"] == ""
