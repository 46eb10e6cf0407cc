import pytest
from django.db import connection

from portal.celery import app
from tests.factories import UserFactory
from tests.processes import reset_broker_pools

pytestmark = pytest.mark.django_db


def test_healthz_is_json_and_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": {"ok": True}, "broker": {"ok": True}}
    assert "no-cache" in response["Cache-Control"]


def test_the_worker_check_is_refused_to_the_public(client, settings):
    settings.HEALTHZ_TOKEN = "monitor-token-123"
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": "monitor-token-123"},
    ):
        response = client.get("/healthz?worker=1", headers=headers)
        assert response.status_code == 403
        assert "worker" not in response.json()
    client.force_login(UserFactory(username="notstaff"))
    assert client.get("/healthz?worker=1").status_code == 403


def test_an_empty_healthz_token_opens_nothing(client, settings):
    settings.HEALTHZ_TOKEN = ""
    response = client.get("/healthz?worker=1", headers={"Authorization": "Bearer "})
    assert response.status_code == 403


def test_staff_run_the_worker_check_and_see_the_details(client):
    client.force_login(UserFactory(username="ops", is_staff=True))
    response = client.get("/healthz?worker=1")
    assert response.status_code == 200
    body = response.json()
    assert body["worker"]["ok"] is True and "ms" in body["worker"]
    assert body["database"]["vendor"] == connection.vendor


def test_a_monitor_with_the_token_runs_the_worker_check(client, settings):
    settings.HEALTHZ_TOKEN = "monitor-token-123"
    response = client.get(
        "/healthz?worker=1", headers={"Authorization": "Bearer monitor-token-123"}
    )
    assert response.status_code == 200
    assert response.json()["worker"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_down(client):
    saved = app.conf.broker_url, app.conf.task_always_eager
    # Nothing listens on port 1.
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    reset_broker_pools()
    try:
        response = client.get("/healthz")
    finally:
        app.conf.update(broker_url=saved[0], task_always_eager=saved[1])
        reset_broker_pools()
    assert response.status_code == 503
    # Up or down only: no exception names or broker addresses for the public.
    assert response.json() == {
        "status": "unavailable",
        "database": {"ok": True},
        "broker": {"ok": False},
    }


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_styled_error_pages(client, settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "We couldn't find that page" in body
    assert 'class="site-header"' in body


def test_every_response_carries_a_strict_csp(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_home_page_renders_for_anonymous_visitors(client):
    body = client.get("/").content.decode()
    assert "Sign up" in body and "Log in" in body
    assert "htmx" in body and "/static/" in body


def test_a_server_error_shows_the_styled_500_page(settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.boom_urls"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "RuntimeError" not in body
