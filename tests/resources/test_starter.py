"""The platform's starter training in the channel's language: one set of guides per language,
offered to a channel in its language (English while its language has none), and the team's own
text once added."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from channels.services import channel_create
from resources import selectors, services
from resources.models import Resource
from resources.starter import ensure_starter_guides, guides, languages_with_guides
from tests.factories import UserFactory
from tests.resources.factories import make_platform_resource, make_resource

pytestmark = pytest.mark.django_db


def admin():
    return UserFactory(is_staff=True, is_superuser=True)


def new_channel(language: str, slug: str = "kanal"):
    owner = UserFactory()
    channel = channel_create(
        creator=owner,
        name="Kanal",
        slug=slug,
        platform="twitch",
        platform_url=f"https://twitch.tv/{slug}",
        language=language,
    )
    return channel, owner


def test_every_language_writes_out_the_same_guides():
    english = guides("en")
    assert len(english) == 5
    assert languages_with_guides() == [code for code, _name in settings.LANGUAGES]
    for language in ("es", "pt-br", "de"):
        written = guides(language)
        assert [g.key for g in written] == [g.key for g in english]
        for guide, original in zip(written, english, strict=True):
            assert guide.title != original.title and guide.summary != original.summary
            assert guide.estimated_minutes == original.estimated_minutes
            assert guide.featured == original.featured
            # Written out in full, with the same sections as the English guide.
            assert len(guide.body) > 0.7 * len(original.body)
            assert guide.body.count("\n## ") == original.body.count("\n## ")
    assert guides("ja") == []


def test_a_channel_created_in_german_is_offered_the_german_guides(client):
    assert ensure_starter_guides(actor=admin()) == 5 * len(settings.LANGUAGES)
    assert ensure_starter_guides(actor=admin()) == 0  # safe to run again
    channel, owner = new_channel("de")
    offered = selectors.starter_guides(channel)
    assert [s.resource.title for s in offered] == [g.title for g in guides("de")]
    assert {s.resource.language for s in offered} == {"de"}
    assert all(s.copy_pk is None for s in offered)

    client.force_login(owner)
    library = reverse("resources:library", args=[channel.slug])
    page = client.get(library).content.decode()
    assert "Mod-Rollen: Wer im Team was macht" in page
    assert "Moderator roles: who does what in a team" not in page
    assert 'lang="de"' in page

    # Adding one gives the channel its own German copy, shown as added.
    guide = offered[0].resource
    response = client.post(
        reverse("resources:add_to_channel", args=[guide.pk]), {"channel": channel.pk}
    )
    copy = Resource.objects.for_channel(channel).get(copied_from=guide)
    assert response.status_code == 302 and response["Location"] == copy.get_absolute_url()
    assert copy.language == "de" and copy.title == guide.title and copy.body == guide.body
    assert set(copy.tags.values_list("name", flat=True)) == {"rollen", "einstieg"}
    assert selectors.starter_guides(channel)[0].copy_pk == copy.pk


def test_a_language_without_guides_is_offered_the_english_ones(client):
    ensure_starter_guides(actor=admin(), languages=["en", "de"])
    channel, owner = new_channel("es")
    offered = selectors.starter_guides(channel)
    assert [s.resource.title for s in offered] == [g.title for g in guides("en")]
    client.force_login(owner)
    page = client.get(reverse("resources:library", args=[channel.slug])).content.decode()
    assert "No starter guides are written in Spanish yet: these are in English." in page
    # A German channel still gets its own.
    german, _owner = new_channel("de", slug="deutsch")
    assert {s.resource.language for s in selectors.starter_guides(german)} == {"de"}


def test_unpublished_guides_are_not_offered_and_nothing_means_no_section(client):
    channel, owner = new_channel("pt-br")
    assert selectors.starter_guides(channel) == []
    client.force_login(owner)
    page = client.get(reverse("resources:library", args=[channel.slug])).content.decode()
    assert "starter-guides" not in page
    staff = admin()
    ensure_starter_guides(actor=staff, languages=["pt-br"])
    first = Resource.objects.platform().filter(language="pt-br").order_by("pk").first()
    services.resource_unpublish(resource=first, actor=staff)
    titles = [s.resource.title for s in selectors.starter_guides(channel)]
    assert first.title not in titles and len(titles) == 4


def test_renaming_and_editing_an_added_guide_stays_free():
    ensure_starter_guides(actor=admin(), languages=["de"])
    channel, owner = new_channel("de")
    guide = selectors.starter_guides(channel)[1].resource
    copy = services.resource_add_to_channel(resource=guide, channel=channel, actor=owner)
    services.resource_update(
        resource=copy,
        actor=owner,
        title="Unser Weg: ruhig bleiben im Chat",
        summary="So machen wir das bei uns.",
        body="Erst erinnern, dann fünf Minuten Timeout.",
        tags="chat, hausregeln",
    )
    copy.refresh_from_db()
    with translation.override("es"):  # read later in another language: never translated
        copy.refresh_from_db()
    assert copy.title == "Unser Weg: ruhig bleiben im Chat"
    assert copy.body == "Erst erinnern, dann fünf Minuten Timeout."
    guide.refresh_from_db()
    assert guide.title == guides("de")[1].title  # the platform's guide is untouched
    assert selectors.starter_guides(channel)[1].copy_pk == copy.pk
    assert ensure_starter_guides(actor=admin(), languages=["de"]) == 0


def test_resources_carry_their_language():
    channel, owner = new_channel("pt-br")
    assert make_resource(channel, actor=owner).language == "pt-br"
    assert make_platform_resource(language="es").language == "es"
    with pytest.raises(ValidationError) as raised:
        make_platform_resource(title="Nope", language="xx")
    assert "language" in raised.value.message_dict


def test_the_community_library_filters_and_labels_by_language(client):
    make_platform_resource(title="Moderator roles")
    make_platform_resource(title="Roles de moderación", language="es")
    client.force_login(UserFactory())
    community = reverse("resources:community")
    page = client.get(community).content.decode()
    assert "Moderator roles" in page and "Roles de moderación" in page
    assert ">Spanish</span>" in page  # not the reader's language: labelled
    page = client.get(community, {"language": "es"}).content.decode()
    assert "Roles de moderación" in page and "Moderator roles" not in page
    page = client.get(community, {"language": "xx"}).content.decode()  # not offered: ignored
    assert "Moderator roles" in page


def test_the_command_loads_the_guides_once():
    with pytest.raises(CommandError):
        call_command("load_starter_guides", stdout=io.StringIO())  # no platform admin yet
    admin()
    out = io.StringIO()
    call_command("load_starter_guides", "--language", "pt-br", stdout=out)
    assert out.getvalue().strip() == "5 starter guides added."
    assert set(Resource.objects.platform().values_list("language", flat=True)) == {"pt-br"}
    call_command("load_starter_guides", stdout=out)
    assert Resource.objects.platform().count() == 5 * len(settings.LANGUAGES)
    with pytest.raises(CommandError):
        call_command("load_starter_guides", "--language", "ja", stdout=io.StringIO())
