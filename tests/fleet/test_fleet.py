"""The fleet (bin/fleet) through its balancer: two web nodes, a replica, workers, S3 storage."""

import io
import re
import threading
import time
from html.parser import HTMLParser

import pytest
import requests
from PIL import Image

from tests.fleet.conftest import FAST, SCREENSHOTS, in_a_browser, shell

PASSWORD = "modportal-demo"
CHANNEL = "/c/nova-streams/"


def served_by(session, url, count=4) -> list[str]:
    return [session.get(url, timeout=10).headers.get("X-Served-By") for _ in range(count)]


def sign_in(session, fleet, username: str) -> None:
    session.get(f"{fleet.url}/accounts/login/", timeout=10)
    response = session.post(
        f"{fleet.url}/accounts/login/",
        data={
            "login": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=10,
    )
    assert response.status_code == 200 and "/accounts/login/" not in response.url, response.url


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


class _FormValues(HTMLParser):
    """The values a browser would submit from the form posting to `action`."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.values = action, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") in (self.action, "", None)
        elif not self.inside or "name" not in attrs:
            if tag == "option" and self.select and "selected" in attrs:
                self.values.append((self.select, attrs.get("value", "")))
            return
        elif tag == "input" and attrs.get("type") not in ("file", "submit", "button"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.values.append((self.textarea, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            name, value = self.values.pop()
            self.values.append((name, value + data))


def form_values(html: str, *, action: str) -> list[tuple[str, str]]:
    parser = _FormValues(action)
    parser.feed(html)
    return parser.values


def png_bytes(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buffer, "PNG")
    return buffer.getvalue()


# Every node, every response ---------------------------------------------------------------------


def test_requests_alternate_between_the_nodes_and_name_them(fleet, http):
    assert set(served_by(http, f"{fleet.url}/")) == {"web1", "web2"}
    static = http.get(f"{fleet.url}/", timeout=10).text
    css = re.search(r'href="(/static/[^"]+\.css)"', static).group(1)
    response = http.get(fleet.url + css, timeout=10)
    assert response.status_code == 200 and response.headers["X-Served-By"] in {"web1", "web2"}
    assert "immutable" in response.headers["Cache-Control"]  # built at deploy, hashed names
    health = http.get(f"{fleet.url}/healthz", timeout=10).json()
    assert health["status"] == "ok" and health["replicas"] == {"replica_1": {"ok": True}}


def test_a_browser_journey_across_both_nodes(fleet):
    """Sign in, a CSRF form with a flash message, an htmx fragment, and an avatar uploaded on
    one node and shown by the other, while the balancer alternates the nodes."""
    nodes, errors, avatar = in_a_browser(lambda browser: journey(fleet, browser))
    assert not errors, errors
    assert {"web1", "web2"} <= set(nodes), nodes
    assert None not in nodes  # every response named its node
    # The file went to the bucket through one node; each node serves it on its own.
    bodies = set()
    for node in ("web1", "web2"):
        response = requests.get(fleet.node_url(node) + avatar, timeout=10)
        assert response.status_code == 200, (node, response.status_code)
        assert response.headers["Content-Type"] == "image/png"
        assert response.headers["X-Served-By"] == node
        bodies.add(response.content)
    assert len(bodies) == 1 and Image.open(io.BytesIO(bodies.pop())).size


def journey(fleet, browser):
    context = browser.new_context(base_url=fleet.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    nodes, errors = [], []
    page.on("response", lambda r: nodes.append(r.headers.get("x-served-by")))
    page.on("response", lambda r: r.status >= 500 and errors.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill("streamer")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/dashboard/"))

    page.goto(f"{CHANNEL}settings/")
    page.set_input_files(
        "input[name=avatar]",
        files=[{"name": "avatar.png", "mimeType": "image/png", "buffer": png_bytes("teal")}],
    )
    page.fill("textarea[name=description]", "Moderated by a fleet of two nodes.")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_selector(".messages")
    assert "Channel settings saved." in page.locator(".messages").inner_text()

    page.goto(f"{CHANNEL}team/")
    page.locator("a:has-text('Change roles')").first.click()  # htmx: the row becomes a form
    page.wait_for_selector("form.inline-roles-form")
    page.locator("form.inline-roles-form a:has-text('Cancel')").click()
    page.wait_for_selector("form.inline-roles-form", state="detached")

    page.goto(CHANNEL)
    assert "Moderated by a fleet of two nodes." in page.content()
    avatar = page.locator("img[src*='/media/']").first.get_attribute("src")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "fleet-channel-page.png"), full_page=True)
    context.close()
    return nodes, errors, avatar


# Faults -----------------------------------------------------------------------------------------


def test_a_killed_web_node_is_routed_around(fleet, http):
    failures, answered_by = [], []
    stop = threading.Event()

    def keep_asking():
        while not stop.is_set():
            try:
                response = http.get(f"{fleet.url}{CHANNEL}", timeout=10)
                answered_by.append((time.monotonic(), response.headers.get("X-Served-By")))
                if response.status_code != 200:
                    failures.append((time.monotonic(), response.status_code))
            except requests.RequestException as error:
                failures.append((time.monotonic(), repr(error)))
            time.sleep(0.02)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        time.sleep(0.5)
        fleet.kill("web2")  # SIGKILL, gunicorn's master and workers together
        down_at = wait_until(
            lambda: fleet.backend_states().get("web2", "").startswith("DOWN") and time.monotonic(),
            timeout=15,
            what="haproxy marks web2 down",
        )
        time.sleep(2)
    finally:
        stop.set()
        asker.join(20)
    after = [node for at, node in answered_by if at > down_at]
    assert after and set(after) == {"web1"}
    # None after the health check failed. Before it, haproxy retries a GET that found the
    # node gone (retry-on conn-failure empty-response), so at most a rare one fails.
    assert not [f for f in failures if f[0] > down_at], failures
    assert len(failures) <= 1, failures

    fleet.start_web("web2")
    fleet.wait_backends_up(["web2"], timeout=60)
    assert set(served_by(http, f"{fleet.url}/")) == {"web1", "web2"}


NOTIFY = """
from django.db import transaction
from portal.models import User
from portal.notifications import services
users = [
    User.objects.create_user(f"fleet{{i}}-{tag}", f"fleet{{i}}-{tag}@example.com", "x")
    for i in range({count})
]
with transaction.atomic():
    rows = services.notify(
        event="application.submitted", recipients=users,
        context={{"channel_name": "Nova Streams", "opening_title": "Chat moderator"}},
    )
print(",".join(str(row.pk) for row in rows))
"""


def test_a_killed_worker_loses_no_notification_and_sends_none_twice(fleet, smtp):
    fleet.stop("worker2")  # one worker takes the batch; the other comes back after the crash
    smtp.messages.clear()
    killed = threading.Event()

    def kill_during_the_6th_message(accepted: int):
        if accepted >= 5 and not killed.is_set():
            fleet.kill("worker1")
            killed.set()
            return "421 4.3.0 Going down"
        return None

    smtp.on_mail = kill_during_the_6th_message
    try:
        ids = [int(pk) for pk in shell(fleet, NOTIFY.format(count=16, tag="a")).split(",")]
        assert len(ids) == 16
        assert killed.wait(60), "worker1 never reached the 6th message"
        fleet.start_worker("worker2")
        assert smtp.wait_for(16, timeout=90), f"{smtp.count()} of 16 arrived"
        time.sleep(4)  # a whole stale period: a duplicate would have arrived by now
        arrived = smtp.notification_ids()
        assert {pk: arrived[pk] for pk in ids} == dict.fromkeys(ids, 1)
        assert max(arrived.values()) == 1  # nothing else (the demo's own emails) came twice
    finally:
        smtp.on_mail = None
        fleet.start_worker("worker1")


def test_a_stopped_replica_leaves_public_pages_answering_from_the_primary(fleet, http):
    assert http.get(f"{fleet.url}{CHANNEL}", timeout=10).headers["X-Database"] == "replica_1"
    fleet.stop_replica()
    try:
        for _ in range(6):
            response = http.get(f"{fleet.url}{CHANNEL}", timeout=10)
            assert response.status_code == 200
            assert response.headers["X-Database"] == "default"
        health = http.get(f"{fleet.url}/healthz", timeout=10)
        assert health.status_code == 200  # the nodes stay in the balancer
        assert health.json()["replicas"] == {"replica_1": {"ok": False}}
    finally:
        fleet.start_replica()
    wait_until(
        lambda: all(
            http.get(f"{fleet.url}{CHANNEL}", timeout=10).headers["X-Database"] == "replica_1"
            for _ in range(2)
        ),
        timeout=30,
        what="both nodes read from the replica again",
    )


def replica_sql(fleet, sql: str) -> None:
    fleet.as_postgres(
        [fleet_pg("psql"), "-h", "127.0.0.1", "-p", fleet.replica_port, "-U", "postgres"]
        + ["-d", "modportal", "-c", sql]
    )


def fleet_pg(program: str):
    from deploy.fleet import PG_BIN

    return PG_BIN / program


TOUCH = """
from portal.models import User
User.objects.create_user(f"lag-{time_ns}")
print("ok")
"""


def test_a_lagging_replica_is_skipped_until_it_catches_up(fleet, http):
    replica_sql(fleet, "SELECT pg_wal_replay_pause()")
    try:
        shell(fleet, "import time; " + TOUCH.replace("{time_ns}", "{time.time_ns()}"))
        time.sleep(float(FAST["REPLICA_MAX_LAG_SECONDS"]) + 1.5)
        shell(fleet, "import time; " + TOUCH.replace("{time_ns}", "{time.time_ns()}"))
        wait_until(
            lambda: all(
                http.get(f"{fleet.url}{CHANNEL}", timeout=10).headers["X-Database"] == "default"
                for _ in range(4)
            ),
            timeout=15,
            what="both nodes skip the lagging replica",
        )
        assert http.get(f"{fleet.url}/healthz", timeout=10).json()["replicas"] == {
            "replica_1": {"ok": False}
        }
    finally:
        replica_sql(fleet, "SELECT pg_wal_replay_resume()")
    wait_until(
        lambda: all(
            http.get(f"{fleet.url}{CHANNEL}", timeout=10).headers["X-Database"] == "replica_1"
            for _ in range(2)
        ),
        timeout=30,
        what="the replica caught up and is used again",
    )


def test_a_write_is_seen_by_the_very_next_read(fleet, http):
    sign_in(http, fleet, "streamer")
    for attempt in range(5):
        text = f"Fresh description {attempt} {time.time_ns()}"
        settings_url = f"{fleet.url}{CHANNEL}settings/"
        values = form_values(http.get(settings_url, timeout=10).text, action=f"{CHANNEL}settings/")
        values = [(k, v) for k, v in values if k != "description"] + [("description", text)]
        response = http.post(settings_url, data=values, timeout=10)
        assert response.status_code == 200 and "Channel settings saved." in response.text
        page = http.get(f"{fleet.url}{CHANNEL}", timeout=10)  # the other node, at once
        assert text in page.text
        assert page.headers["X-Database"] == "default"  # pinned to the primary after writing


# Isolation on the replica path ------------------------------------------------------------------

DRAFT = """
from channels.models import Channel, Role
from moderators import services
from portal.models import User
channel = Channel.objects.get(slug="nova-streams")
owner = User.objects.get(username="streamer")
role = Role.objects.for_channel(channel).order_by("position").last()
opening = services.opening_create(channel=channel, actor=owner, title="{title}", role=role,
                                  description="Internal: {title}")
print(opening.pk)
"""


def test_a_channels_private_data_never_reaches_a_public_page_from_the_replica(fleet):
    title = f"Secret draft {time.time_ns()}"
    pk = int(shell(fleet, DRAFT.format(title=title)))
    anonymous = requests.Session()
    outsider = requests.Session()
    sign_in(outsider, fleet, "viewer")
    time.sleep(fleet_pin_seconds())  # the outsider's sign-in pin has run out: replica reads
    for session in (anonymous, outsider):
        for path in ("/channels/", CHANNEL, "/openings/"):
            response = session.get(fleet.url + path, timeout=10)
            assert response.status_code == 200
            assert response.headers["X-Database"] == "replica_1", path
            assert title not in response.text, path
        draft = session.get(f"{fleet.url}/openings/{pk}/", timeout=10)
        assert draft.status_code == 404
        assert title not in draft.text
        # The team's own pages never read from a replica, even for a member.
        team = session.get(f"{fleet.url}{CHANNEL}team/", timeout=10, allow_redirects=False)
        assert team.status_code in (302, 404)
        assert team.headers.get("X-Database") in (None, "default")


def fleet_pin_seconds() -> float:
    from tests.fleet.conftest import FAST

    return float(FAST["REPLICA_PIN_SECONDS"]) + 0.5


@pytest.mark.parametrize("path", ["/c/nova-streams/team/", "/dashboard/"])
def test_private_pages_read_from_the_primary(fleet, path):
    member = requests.Session()
    sign_in(member, fleet, "mod")
    member.cookies.set("primary_reads", None)  # not pinned: the page alone decides
    response = member.get(fleet.url + path, timeout=10)
    assert response.status_code == 200
    assert response.headers["X-Database"] == "default"
