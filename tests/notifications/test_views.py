"""Inbox, badge, mark read, preferences and admin over HTTP: own rows only, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from portal.notifications import delivery, services
from portal.notifications.models import Notification, NotificationPreference, State
from portal.notifications.registry import Delivery
from tests.factories import UserFactory, page_queries

INBOX = "/notifications/"
INBOX_BUDGET = 8  # session, user, 2 filter choices, unread count, page count, page rows (+1 spare)


def poke(people, channel, recipients, note=""):
    return services.notify(
        event="test.poked",
        recipients=recipients,
        channel=channel,
        actor=people.owner,
        target=channel,
        context={"note": note},
    )


@pytest.fixture
def alice_client(client, people):
    client.force_login(people.alice)
    return client


def test_pages_ask_anonymous_visitors_to_log_in(client, events):
    for url in [INBOX, "/notifications/preferences/", "/notifications/1/open/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post("/notifications/1/read/").status_code == 302
    assert client.post("/notifications/1/open/").status_code == 302
    assert client.post("/notifications/read-all/").status_code == 302
    assert client.get("/notifications/badge/").status_code == 204  # nothing for htmx to swap


def test_the_inbox_shows_only_my_notifications_newest_first_unread_highlighted(
    alice_client, events, people, channels
):
    poke(people, channels.lounge, [people.alice], "older")
    poke(people, channels.arena, [people.alice, people.bob], "newer")
    poke(people, channels.arena, [people.bob], "bob only")
    services.notification_mark_read(
        notification=Notification.objects.filter(recipient=people.alice).last()
    )
    html = alice_client.get(INBOX).content.decode()
    assert "bob only" not in html
    assert html.index("Arena: newer") < html.index("Lounge: older")
    assert html.count('class="notification is-unread"') == 1
    assert "1 unread" in html
    row = Notification.objects.get(recipient=people.alice, summary__endswith="newer")
    # Opening marks read, so it is a form: a GET never changes state.
    assert f'<form method="post" action="/notifications/{row.pk}/open/"' in html


def test_user_text_is_escaped_in_the_inbox(alice_client, events, people, channels):
    poke(
        people, channels.lounge, [people.alice], '<script>alert("x")</script><img src=x onerror=y>'
    )
    html = alice_client.get(INBOX).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_filters_by_channel_type_and_unread(alice_client, events, people, channels):
    poke(people, channels.lounge, [people.alice], "in lounge")
    poke(people, channels.arena, [people.alice], "in arena")
    services.notify(event="test.waved", recipients=[people.alice], actor=people.bob)
    by_channel = alice_client.get(INBOX, {"channel": channels.arena.pk}).content.decode()
    assert "in arena" in by_channel and "in lounge" not in by_channel
    assert "waved at you" not in by_channel
    by_type = alice_client.get(INBOX, {"event": "test.waved"}).content.decode()
    assert "Bob waved at you." in by_type and "poked you" not in by_type
    services.notifications_mark_all_read(user=people.alice, event="test.waved")
    unread = alice_client.get(INBOX, {"unread": "on"}).content.decode()
    assert "in arena" in unread and "waved at you" not in unread
    empty = alice_client.get(INBOX, {"event": "test.waved", "unread": "on"}).content.decode()
    assert "Nothing matches these filters" in empty


def test_choices_offered_are_only_mine(alice_client, events, people, channels):
    poke(people, channels.lounge, [people.alice])
    poke(people, channels.arena, [people.bob])  # alice has nothing from the arena
    html = alice_client.get(INBOX).content.decode()
    assert f'value="{channels.lounge.pk}"' in html
    assert f'value="{channels.arena.pk}"' not in html
    response = alice_client.get(INBOX, {"channel": channels.arena.pk})
    assert response.status_code == 200
    assert "That filter isn" in response.content.decode()  # refused, not applied


@pytest.mark.parametrize(
    "query",
    [
        {"channel": "\x00"},
        {"channel": str(2**80)},
        {"channel": "-1"},
        {"event": "\x00"},
        {"event": "x" * 5000},
        {"unread": "\x00"},
        {"page": "\x00"},
        {"page": str(2**80)},
        {"page": "-3"},
    ],
)
def test_hostile_filters_never_break_the_inbox(alice_client, events, people, channels, query):
    poke(people, channels.lounge, [people.alice], "still here")
    response = alice_client.get(INBOX, query)
    assert response.status_code == 200
    assert "still here" in response.content.decode()


def test_mark_read_works_on_my_rows_and_404s_on_anyone_elses(
    alice_client, events, people, channels
):
    (mine,) = poke(people, channels.lounge, [people.alice])
    (bobs,) = poke(people, channels.lounge, [people.bob])
    for pk in (bobs.pk, 2**63 + 5, 10**30):
        assert alice_client.post(f"/notifications/{pk}/read/").status_code == 404
        assert alice_client.get(f"/notifications/{pk}/open/").status_code == 404
        assert alice_client.post(f"/notifications/{pk}/open/").status_code == 404
    assert alice_client.get(f"/notifications/{mine.pk}/read/").status_code == 405
    response = alice_client.post(
        f"/notifications/{mine.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == INBOX
    mine.refresh_from_db()
    bobs.refresh_from_db()
    assert mine.read_at is not None and bobs.read_at is None


def test_mark_read_with_htmx_swaps_the_row_and_tells_the_badge(
    alice_client, events, people, channels
):
    (row,) = poke(people, channels.lounge, [people.alice])
    response = alice_client.post(
        f"/notifications/{row.pk}/read/", {"next": f"{INBOX}?unread=on"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="notification" id="notification-{row.pk}"')
    assert "Mark read" not in html and "Read" in html


def test_mark_all_read_respects_the_filter_and_the_owner(alice_client, events, people, channels):
    poke(people, channels.lounge, [people.alice, people.bob])
    poke(people, channels.arena, [people.alice])
    response = alice_client.post(
        "/notifications/read-all/", {"channel": channels.arena.pk, "next": f"{INBOX}?channel=x"}
    )
    assert response.status_code == 302 and response["Location"] == f"{INBOX}?channel=x"
    unread = Notification.objects.filter(read_at__isnull=True)
    assert set(unread.values_list("recipient__username", "channel__slug")) == {
        ("alice", "lounge"),
        ("bob", "lounge"),
    }
    # An invalid filter is no filter: everything of alice's is marked, nothing of bob's.
    response = alice_client.post("/notifications/read-all/", {"channel": "\x00", "event": "\x00"})
    assert (response.status_code, response["Location"]) == (302, INBOX)
    assert set(unread.values_list("recipient__username", flat=True)) == {"bob"}


def test_opening_from_the_inbox_marks_read_and_goes_to_the_object(
    alice_client, events, people, channels
):
    (row,) = poke(people, channels.lounge, [people.alice])
    response = alice_client.post(f"/notifications/{row.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == channels.lounge.get_absolute_url()
    row.refresh_from_db()
    assert row.read_at is not None


def test_the_email_link_shows_the_notification_without_marking_it_read(
    alice_client, events, people, channels
):
    """Mail scanners and link previews GET the email's link: that must change nothing."""
    (row,) = poke(people, channels.lounge, [people.alice], "<b>see this</b>")
    page = alice_client.get(f"/notifications/{row.pk}/open/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Owner poked you in Lounge: &lt;b&gt;see this&lt;/b&gt;" in html
    assert f'<form method="post" action="/notifications/{row.pk}/open/">' in html
    assert "Open Lounge" in html
    row.refresh_from_db()
    assert row.read_at is None
    assert alice_client.post(f"/notifications/{row.pk}/open/").status_code == 302
    row.refresh_from_db()
    assert row.read_at is not None


def test_opening_a_notification_without_a_target_returns_to_the_inbox(alice_client, events, people):
    (row,) = services.notify(event="test.waved", recipients=[people.alice], actor=people.bob)
    assert b"Mark read" in alice_client.get(f"/notifications/{row.pk}/open/").content
    row.refresh_from_db()
    assert row.read_at is None
    response = alice_client.post(f"/notifications/{row.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, INBOX)
    row.refresh_from_db()
    assert row.read_at is not None


def test_the_badge_counts_my_unread(alice_client, events, people, channels):
    assert "badge" not in alice_client.get("/notifications/badge/").content.decode()
    poke(people, channels.lounge, [people.alice, people.bob])
    poke(people, channels.arena, [people.alice])
    response = alice_client.get("/notifications/badge/")
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert '<span class="badge notification-count" aria-hidden="true">2</span>' in html
    assert "2 unread" in html


def test_every_page_has_the_badge_link_without_costing_a_query(
    alice_client, events, people, channels
):
    def dashboard():  # rendered, never a cached copy
        with override_settings(PAGE_CACHE=False), CaptureQueriesContext(connection) as ctx:
            response = alice_client.get("/dashboard/")
        assert response.status_code == 200
        return response.content.decode(), [query["sql"] for query in ctx.captured_queries]

    html, queries = dashboard()
    assert 'hx-get="/notifications/badge/"' in html
    assert 'href="/notifications/preferences/"' in html  # in the account menu
    # The count arrives later through htmx: rendering the page never reads notifications.
    assert not [sql for sql in queries if "notifications_notification" in sql]
    poke(people, channels.lounge, [people.alice], "unread")
    assert len(dashboard()[1]) == len(queries)


def test_inbox_queries_do_not_grow_with_notifications(alice_client, events, people, channels):
    poke(people, channels.lounge, [people.alice])
    small = page_queries(alice_client, INBOX)
    for channel in (channels.lounge, channels.arena):
        for note in range(15):
            poke(people, channel, [people.alice], str(note))
    large = page_queries(alice_client, INBOX)
    assert large == small <= INBOX_BUDGET
    filtered = page_queries(alice_client, f"{INBOX}?channel={channels.arena.pk}&unread=on&page=2")
    assert filtered <= INBOX_BUDGET


def test_preferences_switch_an_event_to_digest(alice_client, events, people, channels):
    poke(people, channels.lounge, [people.alice])
    html = alice_client.get("/notifications/preferences/").content.decode()
    assert "Test poke" in html and "Test poke in Lounge" in html
    assert "Arena" not in html  # only channels alice hears from
    data = {"default__test.poked": Delivery.DIGEST, "default__test.waved": Delivery.IN_APP}
    response = alice_client.post("/notifications/preferences/", data)
    assert response.status_code == 302
    assert services.delivery_for(user=people.alice, event="test.poked") == Delivery.DIGEST
    assert NotificationPreference.objects.count() == 1  # test.waved kept its default: no row
    page = alice_client.get("/notifications/preferences/").content.decode()
    assert "Your notification settings are saved." in page
    assert '<option value="digest" selected>' in page


def test_preferences_refuse_values_and_channels_not_offered(alice_client, events, people, channels):
    poke(people, channels.lounge, [people.alice])
    bad = alice_client.post("/notifications/preferences/", {"default__test.poked": "\x00sometimes"})
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()
    assert not NotificationPreference.objects.exists()
    ignored = alice_client.post(
        "/notifications/preferences/",
        {
            "default__test.poked": Delivery.IMMEDIATE,
            "default__test.waved": Delivery.IN_APP,
            f"channel__{channels.arena.pk}__test.poked": Delivery.OFF,  # not offered to alice
            f"channel__{2**70}__test.poked": Delivery.OFF,
            "default__no.such_event": Delivery.OFF,
        },
    )
    assert ignored.status_code == 302
    assert not NotificationPreference.objects.exists()
    override = alice_client.post(
        "/notifications/preferences/",
        {
            "default__test.poked": Delivery.IMMEDIATE,
            "default__test.waved": Delivery.IN_APP,
            f"channel__{channels.lounge.pk}__test.poked": Delivery.OFF,
        },
    )
    assert override.status_code == 302
    (preference,) = NotificationPreference.objects.all()
    assert (preference.user, preference.channel, preference.delivery) == (
        people.alice,
        channels.lounge,
        Delivery.OFF,
    )


def test_preferences_are_per_user(client, events, people):
    services.preference_set(user=people.bob, event="test.poked", delivery=Delivery.OFF)
    for user, shown in ((people.alice, Delivery.IMMEDIATE), (people.bob, Delivery.OFF)):
        client.force_login(user)
        response = client.get("/notifications/preferences/")
        assert response.status_code == 200
        assert response.context["form"]["default__test.poked"].value() == shown
        assert ('<option value="off" selected>' in response.content.decode()) == (
            shown == Delivery.OFF
        )


def test_the_empty_inbox_says_what_to_do(alice_client, events):
    html = alice_client.get(INBOX).content.decode()
    assert "No notifications yet" in html and "/notifications/preferences/" in html


@pytest.fixture
def admin_client_logged_in(client, db):
    admin = UserFactory(username="platform", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_the_admin_lists_states_and_re_sends_failed_rows(
    admin_client_logged_in,
    events,
    people,
    channels,
    settings,
    smtp_sink,
    django_capture_on_commit_callbacks,
):
    smtp_sink.use_in(settings)
    smtp_sink.refused = {"alice@example.com"}
    failed, sent = poke(people, channels.lounge, [people.alice, people.bob], "admin")
    delivery.notifications_deliver(notification_ids=[failed.pk, sent.pk])
    changelist = admin_client_logged_in.get(reverse("admin:notifications_notification_changelist"))
    html = changelist.content.decode()
    assert changelist.status_code == 200
    assert "Failed" in html and "Sent" in html and "SMTPRecipientsRefused" in html
    detail = admin_client_logged_in.get(
        reverse("admin:notifications_notification_change", args=[failed.pk])
    )
    assert detail.status_code == 200 and b"Save" not in detail.content  # read-only
    smtp_sink.refused = set()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_logged_in.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "resend_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 notification queued to be sent again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.state == State.SENT
    assert smtp_sink.notification_ids() == {sent.pk: 1, failed.pk: 1}
