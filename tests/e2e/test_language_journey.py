"""Reading the portal in Spanish, Brazilian Portuguese and German, on one's own clock.

The journeys compare the page with the catalogue (`gettext` of the msgid inside
`translation.override`), so they hold whatever the translations say. Django's own strings
("This field is required.") are translated already; the portal's own differ from English once
the catalogues are filled, which `test_the_journeys_strings_are_translated` (marked
`catalogues`, like the catalogue check) verifies.
"""

import re
from datetime import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from channels.defaults import DEFAULT_ROLES, in_language
from channels.models import Role
from channels.services import channel_create
from portal.locale import zone_or_utc
from portal.notifications import services
from portal.notifications.delivery import notification_deliver
from portal.notifications.models import Notification
from portal.notifications.registry import Delivery
from tests.e2e.conftest import audit
from tests.factories import UserFactory

LANGUAGES = ["es", "pt-br", "de"]
# The portal's strings the journeys read, by page.
PORTAL_STRINGS = [
    "Dashboard",
    "Your channels, teams and applications at a glance.",
    "No opening matches these filters",
    "Edit norms",
    "Notifications",
    "Times are shown in UTC.",
    "Moderator openings",
]

# Words a language really does write as English does (German software says "Dashboard").
SAME_AS_ENGLISH = {"de": {"Dashboard"}}


def say(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_moderator_chooses_a_language_and_reads_the_portal_in_it(signed_in_page, language):
    river = UserFactory(username="river", time_zone="Asia/Tokyo")
    channel = channel_create(
        creator=river,
        name="Río Stream",
        slug="rio-stream",
        platform="twitch",
        platform_url="https://twitch.tv/rio",
        language=language,
    )

    page = signed_in_page(river, reverse("community:profile_edit"))
    assert html_lang(page) == "en"
    page.get_by_label("Language:", exact=True).select_option(language)
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    river.refresh_from_db()
    assert river.language == language

    page.goto(reverse("dashboard"))
    glance = say(language, "Your channels, teams and applications at a glance.")
    expect(page.get_by_text(glance)).to_be_visible()
    expect(page.get_by_role("link", name=say(language, "Dashboard")).first).to_be_visible()
    footer = page.locator(".footer-locale")
    expect(footer).to_contain_text("Asia/Tokyo")

    page.goto(reverse("moderators:board") + "?q=nothing-matches-this")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_text(say(language, "No opening matches these filters"))).to_be_visible()

    # A form with errors: Django's own messages come in the language too.
    page.goto(reverse("channels:create"))
    page.locator("form.stack-form button[type=submit]").click()
    required = say(language, "This field is required.")
    assert required != "This field is required."
    expect(page.get_by_text(required).first).to_be_visible()
    audit(page)

    page.goto(reverse("norms:editor", kwargs={"slug": channel.slug}))
    expect(page.get_by_role("heading", level=1, name=say(language, "Edit norms"))).to_be_visible()

    page.goto(reverse("notifications:inbox"))
    expect(
        page.get_by_role("heading", level=1, name=say(language, "Notifications"))
    ).to_be_visible()
    audit(page)

    # The default roles were written in the channel's language when it was created.
    page.goto(reverse("channels:roles", kwargs={"slug": channel.slug}))
    for spec in in_language(DEFAULT_ROLES, language):
        expect(page.get_by_text(spec["name"], exact=True).first).to_be_visible()
    assert sorted(Role.objects.for_channel(channel).values_list("name", flat=True)) == sorted(
        spec["name"] for spec in in_language(DEFAULT_ROLES, language)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_email_arrives_in_the_recipients_language_and_zone(transactional_db, language):
    lead = UserFactory(username="lead", language="en")
    river = UserFactory(username="river", language=language, time_zone="America/Sao_Paulo")
    channel = channel_create(
        creator=lead,
        name="Nova Streams",
        slug="nova",
        platform="twitch",
        platform_url="https://twitch.tv/nova",
    )
    mail.outbox.clear()
    with translation.override("en"):  # the sender's page is in English
        (row,) = services.notify(
            event="announcement.posted",
            recipients=[river],
            channel=channel,
            actor=lead,
            context={"title": "Raid tonight", "channel_name": channel.name},
        )
    Notification.objects.filter(pk=row.pk).update(email_mode=Delivery.IMMEDIATE, state="pending")
    notification_deliver(row.pk)
    (email,) = mail.outbox
    with translation.override(language), timezone.override(zone_or_utc(river.time_zone)):
        expected = row.text
        when = formats.date_format(timezone.localtime(row.created_at), "DATETIME_FORMAT")
    assert "Raid tonight" in email.subject  # what the author wrote, untranslated
    assert expected in email.subject
    assert when in email.body
    html = email.alternatives[0][0]
    assert f'lang="{language}"' in html
    assert say(language, "Your inbox:") in email.body


def test_a_signed_out_browser_asking_for_brazilian_portuguese_gets_it(new_page):
    page = new_page(None)
    page.context.set_extra_http_headers({"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"})
    page.goto(reverse("moderators:board"))
    expect(page.locator("html")).to_have_attribute("lang", "pt-br")
    expect(page.get_by_role("heading", level=1, name=say("pt-br", "Moderator openings")))
    expect(page.locator(".footer-locale")).to_contain_text(say("pt-br", "Times are shown in UTC."))
    # The footer's selector (no JavaScript needed) switches to German and stays there.
    page.locator(".language-form").get_by_label(say("pt-br", "Language")).select_option("de")
    page.locator(".language-form button").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.goto(reverse("channels:list"))
    expect(page.locator("html")).to_have_attribute("lang", "de")


def test_two_zones_see_the_same_notification_at_their_own_time(signed_in_page):
    lead = UserFactory(username="lead")
    sao = UserFactory(username="sao", time_zone="America/Sao_Paulo")
    tokyo = UserFactory(username="tokyo", time_zone="Asia/Tokyo")
    channel = channel_create(
        creator=lead,
        name="Nova Streams",
        slug="nova",
        platform="twitch",
        platform_url="https://twitch.tv/nova",
    )
    rows = services.notify(
        event="announcement.posted",
        recipients=[sao, tokyo],
        channel=channel,
        actor=lead,
        context={"title": "Raid tonight", "channel_name": channel.name},
    )
    moment = datetime(2026, 12, 2, 12, 0, tzinfo=zone_or_utc("UTC"))
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=moment)
    shown = {}
    for user in (sao, tokyo):
        page = signed_in_page(user, reverse("notifications:inbox"))
        stamp = page.locator(".notification time").first
        expect(stamp).to_have_attribute("datetime", "2026-12-02T12:00:00+00:00")
        shown[user.time_zone] = stamp.get_attribute("title")
    with translation.override("en"):
        for zone, title in shown.items():
            local = moment.astimezone(zone_or_utc(zone))
            assert title == formats.date_format(local, "DATETIME_FORMAT"), zone
    assert re.search(r"9\s*a\.m\.", shown["America/Sao_Paulo"])  # 12:00 UTC is 09:00 there
    assert re.search(r"9\s*p\.m\.", shown["Asia/Tokyo"])  # and 21:00 in Tokyo


@pytest.mark.catalogues
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_journeys_strings_are_translated(language):
    """Fails until the filled catalogues are merged: then each differs from English."""
    same = [
        msgid
        for msgid in PORTAL_STRINGS
        if say(language, msgid) == msgid and msgid not in SAME_AS_ENGLISH.get(language, ())
    ]
    assert not same, f"{language}: still English: {same}"
