"""The replica router's rules (portal/replicas.py), without a replica: the fleet tests
(tests/fleet) run them against a real streaming replica."""

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import get_resolver, resolve

from channels.models import Channel
from portal import replicas
from portal.models import User

router = replicas.ReplicaRouter()


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1"])
    monkeypatch.setattr(replicas, "healthy_replica", lambda: "replica_1")


def run(path, *, method="get", cookies=None, during=None):
    """Pass a request through ReplicaMiddleware; `during(request)` runs as the view."""
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    seen = {}

    def view(request):
        seen["answer"] = during(request) if during else router.db_for_read(Channel)
        return HttpResponse("ok")

    def handler(request):  # what Django does inside the middleware: process_view, the view
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = replicas.ReplicaMiddleware(handler)
    response = middleware(request)
    return seen["answer"], response


def test_without_a_request_everything_reads_and_writes_on_the_primary():
    # Celery tasks, commands and shells never set a route.
    assert router.db_for_read(Channel) == "default"
    assert router.db_for_write(Channel) == "default"
    assert router.allow_migrate("replica_1", "channels") is False
    assert router.allow_migrate("default", "channels") is True


@pytest.mark.django_db(transaction=True)
def test_listed_public_pages_read_from_the_replica(one_replica):
    assert run("/c/nova/")[0] == "replica_1"
    assert run("/openings/")[0] == "replica_1"
    assert run("/")[0] == "replica_1"


@pytest.mark.django_db(transaction=True)
def test_other_pages_posts_and_pinned_browsers_read_from_the_primary(one_replica):
    assert run("/dashboard/")[0] == "default"
    assert run("/c/nova/", method="post")[0] == "default"
    assert run("/c/nova/", cookies={"primary_reads": "1"})[0] == "default"


@pytest.mark.django_db(transaction=True)
def test_a_team_page_never_reads_from_a_replica_even_when_marked(one_replica, monkeypatch):
    team = resolve("/c/nova/team/").func
    audit = resolve("/c/nova/audit/").func
    monkeypatch.setattr(team, "replica_reads", True, raising=False)
    monkeypatch.setattr(audit, "replica_reads", True, raising=False)
    assert run("/c/nova/team/")[0] == "default"
    assert run("/c/nova/audit/")[0] == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_after_a_write_in_transactions_and_of_sessions_go_to_the_primary(one_replica):
    def view(request):
        before = router.db_for_read(Channel)
        session = router.db_for_read(Session)
        with transaction.atomic():
            inside = router.db_for_read(Channel)
        with replicas.primary_reads():
            checked = router.db_for_read(Channel)
        after_block = router.db_for_read(Channel)
        User.objects.create_user("writer")  # a write: the rest of the request is on the primary
        after_write = router.db_for_read(Channel)
        return before, session, inside, checked, after_block, after_write

    answer, response = run("/c/nova/", during=view)
    assert answer == ("replica_1", "default", "default", "default", "replica_1", "default")
    # The writer's browser reads from the primary for a while: they see their own write.
    pin = response.cookies["primary_reads"]
    assert pin["max-age"] and pin["httponly"]


@pytest.mark.django_db(transaction=True)
def test_no_replica_configured_changes_nothing():
    answer, response = run("/c/nova/")
    assert answer == "default"
    assert "primary_reads" not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_the_primary_is_not_a_healthy_replica(settings):
    # On PostgreSQL the check sees a server that is not in recovery; on SQLite the query fails.
    health = replicas.check_replica("default")
    assert health.ok is False and health.error


# The public pages that declare replica reads themselves (portal.replicas.replica_reads).
REPLICA_READ_VIEWS = {
    "home",
    "channels:list",
    "channels:detail",
    "moderators:board",
    "moderators:opening_detail",
    "norms:rules",
    "norms:rules_json",
    "norms:rules_txt",
    "norms:rule_txt",
    "resources:community",
    "resources:community_detail",
    "community:directory",
    "community:profile",
}


def test_the_views_that_declare_replica_reads_are_the_public_pages_and_no_team_page():
    names = {}
    resolver = get_resolver()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif pattern.name:
                names[f"{namespace}{pattern.name}"] = pattern.callback

    walk(resolver.url_patterns)
    marked = {name for name, view in names.items() if getattr(view, "replica_reads", False)}
    assert marked == REPLICA_READ_VIEWS
    for name in marked:
        assert not getattr(names[name], "channel_private", False), name
    assert getattr(names["channels:team"], "channel_private", False) is True


@pytest.mark.django_db(transaction=True)
def test_a_replica_failing_mid_page_is_skipped_and_the_page_runs_on_the_primary(
    one_replica, monkeypatch
):
    marked = []
    monkeypatch.setattr(replicas, "mark_down", lambda alias, error: marked.append(alias))
    request = RequestFactory().get("/c/nova/")
    request.resolver_match = resolve("/c/nova/")
    answers = []

    def handler(request):
        middleware.process_view(request, None, (), {})
        answers.append(router.db_for_read(Channel))  # the page read from the replica…
        # …which then failed: Django hands the exception to process_exception.
        return middleware.process_exception(request, OperationalError("replica went away"))

    @replicas.replica_reads  # the retry on the primary, standing in for the channel page
    def again(request, *args, **kwargs):
        answers.append(router.db_for_read(Channel))
        return HttpResponse("again")

    monkeypatch.setattr(request.resolver_match, "func", again)
    middleware = replicas.ReplicaMiddleware(handler)
    response = middleware(request)
    assert answers == ["replica_1", "default"]
    assert marked == ["replica_1"]
    assert response.content == b"again"
