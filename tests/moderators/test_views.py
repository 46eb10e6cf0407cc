"""Recruitment pages: the board, an opening, applying, the applicant's list, the team's editor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from channels.models import AuditEvent
from channels.services import channel_suspend
from moderators import selectors, services
from moderators.models import (
    Application,
    ApplicationState,
    Opening,
    OpeningLanguage,
    OpeningQuestion,
    OpeningState,
    QuestionKind,
)
from tests.factories import ChannelFactory, page_queries, role

from .factories import TWO_QUESTIONS, answers_for, make_opening

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('pwned')</script>"
BOARD_BUDGET = 8
TEAM_LIST_BUDGET = 8


def clone_openings(opening: Opening, count: int) -> None:
    """Copies of a service-built open opening, with its languages: many rows, quickly."""
    codes = opening.language_codes()
    copies = Opening.objects.bulk_create(
        Opening(
            channel_id=opening.channel_id,
            title=f"{opening.title} {n}",
            role_id=opening.role_id,
            description=opening.description,
            time_zone=opening.time_zone,
            state=opening.state,
            opened_at=opening.opened_at,
            created_by_id=opening.created_by_id,
        )
        for n in range(count)
    )
    OpeningLanguage.objects.bulk_create(
        OpeningLanguage(channel_id=copy.channel_id, opening=copy, code=code)
        for copy in copies
        for code in codes
    )


# The board


def test_board_lists_only_open_openings_of_listed_channels(client, team):
    shown = make_opening(team.channel, title="Shown opening")
    make_opening(team.channel, title="Draft opening", open_it=False)
    closed = make_opening(team.channel, title="Closed opening")
    services.opening_close(opening=closed, actor=team.owner)
    expired = make_opening(team.channel, title="Expired opening", closes_on=timezone.localdate())
    Opening.objects.filter(pk=expired.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    hidden = ChannelFactory(name="Hidden", slug="hidden", visibility="unlisted")
    make_opening(hidden, title="Unlisted opening")
    suspended = ChannelFactory(name="Paused", slug="paused")
    make_opening(suspended, title="Suspended opening")
    channel_suspend(channel=suspended, actor=team.staff, reason="Review")

    body = client.get(reverse("moderators:board")).content.decode()
    assert "Shown opening" in body
    for title in ("Draft", "Closed", "Expired", "Unlisted", "Suspended"):
        assert f"{title} opening" not in body, title
    assert reverse("moderators:opening_detail", args=[shown.pk]) in body


def test_board_search_and_filters(client, team):
    make_opening(
        team.channel,
        title="German nights",
        languages=["de"],
        time_zone="Europe/Berlin",
        role_name="Moderator",
    )
    make_opening(
        team.other_channel,
        title="Lead for the speedrunners",
        description="We race **every weekend**.",
        languages=["en"],
        time_zone="America/New_York",
        role_name="Lead Moderator",
    )
    youtube = ChannelFactory(name="Tube Town", slug="tube", platform="youtube")
    make_opening(youtube, title="Tube helper", languages=["en", "fr"])

    def titles(**params):
        body = client.get(reverse("moderators:board"), params).content.decode()
        return {
            t for t in ("German nights", "Lead for the speedrunners", "Tube helper") if t in body
        }

    everything = {"German nights", "Lead for the speedrunners", "Tube helper"}
    assert titles() == everything
    assert titles(q="weekend") == {"Lead for the speedrunners"}  # description
    assert titles(q="tube town") == {"Tube helper"}  # channel name
    assert titles(language="en") == {"Lead for the speedrunners", "Tube helper"}
    assert titles(language="de") == {"German nights"}
    assert titles(role="Lead Moderator") == {"Lead for the speedrunners"}
    assert titles(platform="youtube") == {"Tube helper"}
    assert titles(time_zone="Europe/Berlin") == {"German nights"}
    assert titles(language="en", platform="twitch") == {"Lead for the speedrunners"}
    # Odd values are ignored, never an error.
    assert titles(language="xx", role="No such role", page="abc", q="\x00") == everything
    odd = client.get(reverse("moderators:board"), {"language": "xx", "q": "weekend"})
    assert "Select a valid choice" not in odd.content.decode()
    assert 'value="weekend"' in odd.content.decode()
    empty = client.get(reverse("moderators:board"), {"q": "nothing matches this"})
    assert "No opening matches these filters" in empty.content.decode()


def test_board_is_paginated_with_the_shared_partial(client, team):
    clone_openings(make_opening(team.channel), 25)
    body = client.get(reverse("moderators:board")).content.decode()
    assert "Page 1 of 2" in body
    assert 'href="?page=2"' in body
    filtered = client.get(reverse("moderators:board"), {"language": ""}).content.decode()
    assert "page=2" in filtered
    assert client.get(reverse("moderators:board"), {"page": "99"}).status_code == 200


def test_board_queries_do_not_grow_with_the_openings(client, team, settings):
    settings.PAGE_CACHE = False  # the render's own queries (the cache: tests/test_pagecache.py)
    base = make_opening(team.channel, languages=["en", "de"], time_zone="Europe/Berlin")
    clone_openings(base, 9)
    url = reverse("moderators:board")
    small = page_queries(client, url)
    clone_openings(base, 990)
    assert Opening.objects.filter(state=OpeningState.OPEN).count() == 1000
    assert page_queries(client, url) == small <= BOARD_BUDGET
    client.force_login(team.outsider)
    signed_in_small = page_queries(client, url + "?language=de")
    clone_openings(base, 10)
    assert page_queries(client, url + "?language=de") == signed_in_small


def test_team_openings_queries_do_not_grow(client, team):
    base = make_opening(team.channel, questions=TWO_QUESTIONS, languages=["en"])
    services.application_submit(opening=base, applicant=team.outsider, answers=answers_for(base))
    clone_openings(base, 9)
    client.force_login(team.lead)
    url = reverse("moderators:team_openings", args=[team.channel.slug])
    small = page_queries(client, url)
    clone_openings(base, 990)
    assert page_queries(client, url) == small <= TEAM_LIST_BUDGET


# An opening and its public page


def test_draft_openings_are_404_outside_the_team(client, team):
    draft = make_opening(team.channel, title="Secret plan", open_it=False)
    url = reverse("moderators:opening_detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    for outsider in (team.outsider, team.other_member, team.staff):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(reverse("moderators:apply", args=[draft.pk])).status_code == 404
    client.force_login(team.trainee)
    response = client.get(url)
    assert response.status_code == 200
    assert "This is a draft" in response.content.decode()


def test_unlisted_channels_openings_are_readable_by_link(client, team):
    hidden = ChannelFactory(name="Hidden", slug="hidden", visibility="unlisted")
    opening = make_opening(hidden, title="By invitation of the link")
    response = client.get(reverse("moderators:opening_detail", args=[opening.pk]))
    assert response.status_code == 200
    assert "Log in to apply" in response.content.decode()


def test_closed_openings_say_so_and_refuse_applications(client, team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    services.opening_close(opening=opening, actor=team.owner)
    client.force_login(team.outsider)
    detail = client.get(reverse("moderators:opening_detail", args=[opening.pk])).content.decode()
    assert "This opening is closed" in detail
    apply_url = reverse("moderators:apply", args=[opening.pk])
    page = client.get(apply_url).content.decode()
    assert "This opening is closed" in page and "Send application" not in page
    data = {f"question_{q.pk}": "x" for q in opening.questions.all()}
    assert client.post(apply_url, data).status_code == 200
    assert not Application.objects.exists()


def test_channel_page_shows_its_open_positions(client, team):
    make_opening(team.channel, title="Weekend chat moderator")
    make_opening(team.channel, title="Still a draft", open_it=False)
    body = client.get(reverse("channels:detail", args=[team.channel.slug])).content.decode()
    assert "Weekend chat moderator" in body
    assert "Still a draft" not in body
    other = client.get(reverse("channels:detail", args=[team.other_channel.slug]))
    assert "No open moderator positions right now." in other.content.decode()


# Applying


def test_apply_renders_each_question_with_its_widget_and_sends(client, team):
    opening = make_opening(
        team.channel,
        questions=[
            {"prompt": "Discord name", "kind": QuestionKind.SHORT_TEXT},
            {"prompt": "Tell us about you", "kind": QuestionKind.LONG_TEXT},
            {
                "prompt": "Age group",
                "kind": QuestionKind.SINGLE_CHOICE,
                "choices": ["18-25", "26+"],
            },
            {"prompt": "Evenings", "kind": QuestionKind.MULTIPLE_CHOICE, "choices": ["Tue", "Thu"]},
            {"prompt": "Over 18?", "kind": QuestionKind.YES_NO},
        ],
    )
    short, long, single, multiple, yes_no = opening.questions.order_by("position")
    client.force_login(team.outsider)
    url = reverse("moderators:apply", args=[opening.pk])
    body = client.get(url).content.decode()
    assert f'<input type="text" name="question_{short.pk}"' in body
    assert f'<textarea name="question_{long.pk}"' in body
    assert f'type="radio" name="question_{single.pk}" value="26+"' in body
    assert f'type="checkbox" name="question_{multiple.pk}" value="Thu"' in body
    assert f'type="radio" name="question_{yes_no.pk}" value="yes"' in body

    data = {
        f"question_{short.pk}": "nova_fan",
        f"question_{long.pk}": "Two years in a speedrun chat.",
        f"question_{single.pk}": "26+",
        f"question_{multiple.pk}": ["Tue", "Thu"],
        f"question_{yes_no.pk}": "no",
        "message": "Hi!",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("moderators:my_applications")
    application = Application.objects.get()
    assert application.applicant == team.outsider and application.message == "Hi!"
    values = list(application.answers.order_by("position").values_list("value", flat=True))
    assert values == ["nova_fan", "Two years in a speedrun chat.", "26+", ["Tue", "Thu"], False]
    # Sending the same form again (a double click) makes no second application.
    again = client.post(url, data)
    assert again.status_code == 200
    assert "already applied" in again.content.decode()
    assert Application.objects.count() == 1


def test_apply_shows_each_error_by_its_field_and_keeps_nothing(client, team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    why, which = opening.questions.order_by("position")
    client.force_login(team.outsider)
    url = reverse("moderators:apply", args=[opening.pk])
    response = client.post(
        url,
        {
            f"question_{why.pk}": "x" * 6000,
            f"question_{which.pk}": ["Sunday"],
            "message": "nul\x00",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_question_{why.pk}_error"' in body
    assert "Ensure this value has at most 5000 characters" in body
    assert f'id="id_question_{which.pk}_error"' in body
    assert "Select a valid choice" in body
    assert "Null characters are not allowed." in body
    missing = client.post(url, {}).content.decode()
    assert missing.count("This field is required.") == 2
    assert not Application.objects.exists()


def test_team_members_are_told_they_cannot_apply(client, team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    client.force_login(team.trainee)
    url = reverse("moderators:apply", args=[opening.pk])
    body = client.get(url).content.decode()
    assert "already on the team of Nova Streams" in body
    data = {f"question_{q.pk}": "Tuesday" for q in opening.questions.all()}
    assert client.post(url, data).status_code == 200
    assert not Application.objects.exists()


def test_apply_needs_a_login(client, team):
    opening = make_opening(team.channel)
    url = reverse("moderators:apply", args=[opening.pk])
    response = client.post(url, {"message": "hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Application.objects.exists()


# The applicant's own applications


def test_applicants_see_only_their_own_applications_and_withdraw_with_confirmation(client, team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    mine = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    theirs = services.application_submit(
        opening=opening,
        applicant=team.other_member,
        answers=answers_for(opening, Why="Their private answer"),
    )
    client.force_login(team.outsider)
    page = client.get(reverse("moderators:my_applications")).content.decode()
    assert "I have moderated for two years." in page
    assert "Their private answer" not in page
    assert reverse("moderators:application_withdraw", args=[mine.pk]) in page

    theirs_url = reverse("moderators:application_withdraw", args=[theirs.pk])
    assert client.get(theirs_url).status_code == 404
    assert client.post(theirs_url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == ApplicationState.SUBMITTED

    url = reverse("moderators:application_withdraw", args=[mine.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Withdraw application" in confirm.content.decode()
    mine.refresh_from_db()
    assert mine.state == ApplicationState.SUBMITTED
    response = client.post(url)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.state == ApplicationState.WITHDRAWN
    after = client.get(reverse("moderators:my_applications")).content.decode()
    assert "Withdrawn" in after and url not in after


def test_empty_applications_page_says_what_to_do(client, team):
    client.force_login(team.outsider)
    body = client.get(reverse("moderators:my_applications")).content.decode()
    assert "You haven't applied anywhere yet" in body
    assert reverse("moderators:board") in body


# The team's editor


def test_the_team_writes_an_opening_end_to_end_without_javascript(client, team):
    client.force_login(team.lead)
    slug = team.channel.slug
    response = client.post(
        reverse("moderators:opening_create", args=[slug]),
        {
            "title": "Evening moderator",
            "role": role(team.channel, "Moderator").pk,
            "description": "Be *kind*.",
            "languages": ["en", "de"],
            "time_zone": "Europe/Berlin",
            "hours": "Tue/Thu 19-23",
            "experience": "",
            "closes_on": "",
            "applicant_limit": "",
        },
    )
    opening = Opening.objects.for_channel(team.channel).get()
    manage = reverse("moderators:opening_manage", args=[slug, opening.pk])
    assert response.status_code == 302 and response["Location"] == manage
    assert opening.state == OpeningState.DRAFT and opening.language_codes() == ["de", "en"]

    add = reverse("moderators:question_add", args=[slug, opening.pk])
    assert (
        client.post(add, {"prompt": "Why us?", "kind": "long_text", "required": "on"}).status_code
        == 302
    )
    assert (
        client.post(
            add, {"prompt": "Which days?", "kind": "multiple_choice", "choices": "Tue\r\nThu\r\n"}
        ).status_code
        == 302
    )
    bad = client.post(add, {"prompt": "Pick one", "kind": "single_choice", "choices": "Only"})
    assert bad.status_code == 200
    assert "Offer at least two choices" in bad.content.decode()
    first, second = opening.questions.order_by("position")
    assert second.choices == ["Tue", "Thu"] and not second.required

    move = reverse("moderators:question_move", args=[slug, opening.pk, second.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert list(opening.questions.order_by("position")) == [second, first]

    edit = reverse("moderators:question_edit", args=[slug, opening.pk, first.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"prompt": "Why this channel?", "kind": "long_text"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.prompt, first.required) == ("Why this channel?", False)

    delete = reverse("moderators:question_delete", args=[slug, opening.pk, second.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert list(opening.questions.all()) == [first]

    open_url = reverse("moderators:opening_open", args=[slug, opening.pk])
    assert "Open “Evening moderator” to applicants?" in client.get(open_url).content.decode()
    opening.refresh_from_db()
    assert opening.state == OpeningState.DRAFT
    assert client.post(open_url).status_code == 302
    opening.refresh_from_db()
    assert opening.state == OpeningState.OPEN
    close_url = reverse("moderators:opening_close", args=[slug, opening.pk])
    assert client.post(close_url).status_code == 302
    opening.refresh_from_db()
    assert opening.state == OpeningState.CLOSED

    details = client.post(
        manage,
        {
            "title": "Evening moderator (EU)",
            "role": role(team.channel, "Trainee").pk,
            "applicant_limit": "0",
        },
    )
    assert details.status_code == 200
    assert "Ensure this value is greater than or equal to 1" in details.content.decode()
    opening.refresh_from_db()
    assert opening.title == "Evening moderator"
    assert list(
        AuditEvent.objects.for_channel(team.channel)
        .filter(action__startswith="opening.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "opening.created",
        "opening.question_added",
        "opening.question_added",
        "opening.question_moved",
        "opening.question_updated",
        "opening.question_removed",
        "opening.opened",
        "opening.closed",
    ]


def recruitment_fingerprint():
    return (
        sorted(Opening.objects.values_list("id", "title", "state", "role_id")),
        sorted(OpeningQuestion.objects.values_list("id", "prompt", "position")),
        sorted(Application.objects.values_list("id", "state")),
        AuditEvent.objects.count(),
    )


def team_writes(team, opening, question):
    slug = team.channel.slug
    args = [slug, opening.pk]
    return [
        (
            reverse("moderators:opening_create", args=[slug]),
            {"title": "x", "role": role(team.channel, "Moderator").pk},
        ),
        (
            reverse("moderators:opening_manage", args=args),
            {"title": "Hacked", "role": opening.role_id},
        ),
        (reverse("moderators:opening_open", args=args), {}),
        (reverse("moderators:opening_close", args=args), {}),
        (reverse("moderators:question_add", args=args), {"prompt": "Hacked?", "kind": "yes_no"}),
        (
            reverse("moderators:question_edit", args=[*args, question.pk]),
            {"prompt": "Hacked?", "kind": "yes_no"},
        ),
        (reverse("moderators:question_move", args=[*args, question.pk]), {"direction": "down"}),
        (reverse("moderators:question_delete", args=[*args, question.pk]), {}),
    ]


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("other_member", 404),
        ("staff", 404),
        ("trainee", 403),
        ("moderator", 403),
    ],
)
def test_team_writes_by_those_who_may_not_change_nothing(client, team, actor, status):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    question = opening.questions.first()
    if actor != "anonymous":
        client.force_login(team.user(actor))
    before = recruitment_fingerprint()
    for url, data in team_writes(team, opening, question):
        assert client.post(url, data).status_code == status, url
    assert recruitment_fingerprint() == before


def test_ids_of_another_channel_are_404(client, team):
    ours = make_opening(team.channel, questions=TWO_QUESTIONS)
    theirs = make_opening(team.other_channel, questions=TWO_QUESTIONS)
    their_question = theirs.questions.first()
    client.force_login(team.owner)
    slug = team.channel.slug
    before = recruitment_fingerprint()
    for name in ("opening_manage", "opening_open", "opening_close"):
        url = reverse(f"moderators:{name}", args=[slug, theirs.pk])
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "x"}).status_code == 404, url
    assert (
        client.post(
            reverse("moderators:question_add", args=[slug, theirs.pk]),
            {"prompt": "x", "kind": "yes_no"},
        ).status_code
        == 404
    )
    for name in ("question_edit", "question_move", "question_delete"):
        # Their question under their opening id, and under ours: both unknown here.
        for opening_pk in (theirs.pk, ours.pk):
            url = reverse(f"moderators:{name}", args=[slug, opening_pk, their_question.pk])
            assert (
                client.post(url, {"direction": "up", "prompt": "x", "kind": "yes_no"}).status_code
                == 404
            ), url
    assert recruitment_fingerprint() == before


def test_a_question_of_another_opening_of_the_same_channel_is_404(client, team):
    first = make_opening(team.channel, questions=TWO_QUESTIONS)
    second = make_opening(team.channel, title="Second", questions=TWO_QUESTIONS)
    client.force_login(team.owner)
    url = reverse(
        "moderators:question_delete",
        args=[team.channel.slug, first.pk, second.questions.first().pk],
    )
    assert client.post(url).status_code == 404
    assert second.questions.count() == 2


def test_suspended_channels_openings_are_read_only(client, team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    channel_suspend(channel=team.channel, actor=team.staff, reason="Under review")
    client.force_login(team.owner)
    assert client.get(reverse("moderators:team_openings", args=["nova"])).status_code == 200
    before = recruitment_fingerprint()
    for url, data in team_writes(team, opening, opening.questions.first()):
        assert client.post(url, data).status_code == 403, url
    assert recruitment_fingerprint() == before
    client.force_login(team.outsider)
    page = client.get(reverse("moderators:apply", args=[opening.pk])).content.decode()
    assert "taking applications right now" in page


# Hostile text is inert on every page that shows it


def test_script_in_every_text_field_is_rendered_inert(client, team):
    owner = team.owner
    opening = services.opening_create(
        channel=team.channel,
        actor=owner,
        title=f"Mod {SCRIPT}",
        role=role(team.channel, "Moderator"),
        description=f"**Hi** {SCRIPT} [x](javascript:alert(1))",
        hours=f"Evenings {SCRIPT}",
        experience=f"Some {SCRIPT}",
    )
    services.question_add(
        opening=opening,
        actor=owner,
        prompt=f"Q {SCRIPT}",
        help_text=f"Help {SCRIPT}",
        kind=QuestionKind.SINGLE_CHOICE,
        choices=[f"A {SCRIPT}", "B"],
    )
    services.opening_open(opening=opening, actor=owner)
    question = opening.questions.get()
    services.application_submit(
        opening=opening,
        applicant=team.outsider,
        answers={question.pk: f"A {SCRIPT}"},
        message=f"Hello {SCRIPT}",
    )
    slug = team.channel.slug
    pages = {
        owner: [
            reverse("moderators:team_openings", args=[slug]),
            reverse("moderators:opening_manage", args=[slug, opening.pk]),
            reverse("moderators:opening_close", args=[slug, opening.pk]),
            reverse("moderators:question_edit", args=[slug, opening.pk, question.pk]),
            reverse("moderators:question_delete", args=[slug, opening.pk, question.pk]),
        ],
        team.outsider: [
            reverse("moderators:board"),
            reverse("moderators:opening_detail", args=[opening.pk]),
            reverse("moderators:my_applications"),
            reverse("channels:detail", args=[slug]),
            reverse("moderators:application_withdraw", args=[Application.objects.get().pk]),
        ],
        team.other_member: [reverse("moderators:apply", args=[opening.pk])],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            body = client.get(url).content.decode()
            assert "<script>alert" not in body, url
            assert 'href="javascript' not in body, url
    client.force_login(team.outsider)
    detail = client.get(reverse("moderators:opening_detail", args=[opening.pk])).content.decode()
    assert "<strong>Hi</strong>" in detail  # Markdown still renders
    assert "&lt;script&gt;" in detail  # the title, escaped


def test_team_list_counts_questions_and_active_applications(client, team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS, applicant_limit=5)
    first = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    services.application_submit(
        opening=opening, applicant=team.other_member, answers=answers_for(opening)
    )
    services.application_withdraw(application=first, actor=team.outsider)
    make_opening(team.channel, title="Empty draft", open_it=False)
    rows = {
        o.title: (o.question_count, o.active_count)
        for o in selectors.team_openings_page(channel=team.channel).object_list
    }
    assert rows == {"Chat moderator": (2, 1), "Empty draft": (0, 0)}
    client.force_login(team.moderator)
    body = client.get(reverse("moderators:team_openings", args=["nova"])).content.decode()
    assert '<td data-label="Active applications">1 / 5</td>' in body
    assert "New opening" not in body  # moderators don't review applications
    drafts = client.get(reverse("moderators:team_openings", args=["nova"]), {"state": "draft"})
    assert "Empty draft" in drafts.content.decode()
    assert "Chat moderator" not in drafts.content.decode()


def test_huge_ids_are_404(client, team):
    make_opening(team.channel, questions=TWO_QUESTIONS)
    client.force_login(team.owner)
    huge = "9223372036854775808"
    for url in [
        f"/openings/{huge}/",
        f"/openings/{huge}/apply/",
        f"/applications/{huge}/withdraw/",
        f"/c/nova/openings/{huge}/",
        f"/c/nova/openings/{huge}/close/",
        f"/c/nova/openings/1/questions/{huge}/edit/",
        "/openings/-1/",
        "/openings/1e9/",
    ]:
        assert client.get(url).status_code == 404, url
