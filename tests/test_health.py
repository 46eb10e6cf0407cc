import pytest

from portal.celery import app
from tests.processes import reset_broker_pools

pytestmark = pytest.mark.django_db


def test_healthz_is_json_and_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert "no-cache" in response["Cache-Control"]


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
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True


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
