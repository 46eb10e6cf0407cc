"""The read API: tokens (owner only, shown once, hashed, revocable), scoping to one channel,
scopes, pagination, ETags, rate limits, and the norms' keys for bots."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, Scope
from api.services import token_create, token_revoke
from channels.models import Membership
from integrations.models import ChannelEvent
from moderators.models import ApplicationTrial
from moderators.services import application_move, application_submit, trial_reminders_send
from norms.services import norm_create, norms_publish, norms_send_reminders
from tests.factories import channel_owner
from tests.moderators.factories import answers_for, make_opening

ALL = list(Scope.values)


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def api(slug, tail=""):
    return f"/api/v1/channels/{slug}/{tail}"


def make(team, scopes=ALL, channel=None, owner=None, **kwargs):
    return token_create(
        channel=channel or team.channel,
        actor=owner or team.owner,
        name="bot",
        scopes=scopes,
        **kwargs,
    )


def test_only_the_owner_creates_and_revokes(team):
    for actor in ("lead", "moderator", "trainee", "outsider", "other_member"):
        with pytest.raises(PermissionDenied):
            make(team, owner=team.user(actor))
    token, raw = make(team)
    assert raw.startswith("mpt_") and raw not in (token.digest, token.prefix)
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    with pytest.raises(PermissionDenied):
        token_revoke(channel=team.channel, actor=team.user("lead"), pk=token.pk)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"scopes": []},
        {"scopes": ["write_everything"]},
        {"expires_on": timezone.localdate()},
        {"expires_on": timezone.localdate() + timedelta(days=4000)},
    ],
)
def test_hostile_input_is_refused_and_writes_nothing(team, kwargs):
    with pytest.raises(ValidationError):
        make(team, **kwargs)
    with pytest.raises(ValidationError):
        token_create(channel=team.channel, actor=team.owner, name="a\x00b", scopes=ALL)
    with pytest.raises(ValidationError):
        token_create(channel=team.channel, actor=team.owner, name="x" * 81, scopes=ALL)
    assert not ApiToken.objects.exists()


def test_wrong_expired_revoked_and_other_channels_tokens(client, team):
    _token, raw = make(team)
    assert client.get(api("nova")).status_code == 401
    assert client.get(api("nova"), **bearer(raw + "x")).status_code == 401
    assert client.get(api("nova"), **bearer("mpt_nothing_here")).status_code == 401
    assert client.get(api("nova"), **bearer(raw)).status_code == 200

    expired, expired_raw = make(team)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(api("nova"), **bearer(expired_raw)).status_code == 401

    revoked, revoked_raw = make(team)
    token_revoke(channel=team.channel, actor=team.owner, pk=revoked.pk)
    assert client.get(api("nova"), **bearer(revoked_raw)).status_code == 401

    # A token of another channel reading Nova: 404 everywhere, never data.
    _other, other_raw = make(
        team,
        channel=team.other_channel,
        owner=Membership.objects.get(channel=team.other_channel, is_owner=True).user,
    )
    for tail in (
        "",
        "team/",
        "roles/",
        "norms/",
        "norms/versions/",
        "norms/versions/1/",
        "openings/",
        "applications/",
        "training/",
        "announcements/",
    ):
        response = client.get(api("nova", tail), **bearer(other_raw))
        assert response.status_code == 404, tail
        assert b"Nova" not in response.content and b"owner" not in response.content


def test_scopes(client, team):
    _t, raw = make(team, scopes=[Scope.NORMS])
    assert client.get(api("nova", "team/"), **bearer(raw)).status_code == 403
    assert client.get(api("nova", "applications/"), **bearer(raw)).status_code == 403
    assert client.get(api("nova", "norms/versions/"), **bearer(raw)).status_code == 200
    assert client.get(api("nova"), **bearer(raw)).json()["scopes"] == ["read_norms"]


def test_team_pages_by_cursor_and_etags(client, team):
    _t, raw = make(team)
    first = client.get(api("nova", "team/") + "?limit=2", **bearer(raw))
    body = first.json()
    assert len(body["items"]) == 2 and body["next"]
    second = client.get(api("nova", "team/") + f"?limit=2&cursor={body['next']}", **bearer(raw))
    names = {m["username"] for m in body["items"] + second.json()["items"]}
    assert len(names) == 4
    assert "email" not in first.content.decode()
    etag = first["ETag"]
    again = client.get(api("nova", "team/") + "?limit=2", HTTP_IF_NONE_MATCH=etag, **bearer(raw))
    assert again.status_code == 304 and again["ETag"] == etag
    bad = client.get(api("nova", "team/") + "?cursor=!!", **bearer(raw))
    assert bad.status_code == 422
    assert client.get(api("nova", "team/") + "?limit=100000", **bearer(raw)).status_code == 422


def test_last_use_is_recorded(client, team):
    token, raw = make(team)
    client.get(api("nova"), **bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_rate_limited_per_token(client, team, monkeypatch):
    monkeypatch.setattr("api.api.RATE", "3/m")
    _t, raw = make(team)
    _t2, other = make(team)
    codes = [client.get(api("nova"), **bearer(raw)).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429
    assert client.get(api("nova"), **bearer(other)).status_code == 200


def test_norms_keys_versions_and_bot_exports(client, team):
    norm_create(channel=team.channel, actor=team.owner, title="No spam")
    norm_create(channel=team.channel, actor=team.owner, title="Be kind", key="kind")
    with pytest.raises(ValidationError):
        norm_create(channel=team.channel, actor=team.owner, title="Other", key="kind")
    with pytest.raises(ValidationError):
        norm_create(channel=team.channel, actor=team.owner, title="Odd", key="Not a key!")
    norms_publish(channel=team.channel, actor=team.owner, summary="First", is_material=True)
    rules = client.get(reverse("norms:rules_json", kwargs={"slug": "nova"})).json()
    assert [n["key"] for n in rules["norms"]] == ["no-spam", "kind"]
    line = client.get(reverse("norms:rule_key_txt", kwargs={"slug": "nova", "key": "kind"}))
    assert line.status_code == 200 and "Rule 2: Be kind" in line.content.decode()
    missing = reverse("norms:rule_key_txt", kwargs={"slug": "nova", "key": "nope"})
    assert client.get(missing).status_code == 404

    _t, raw = make(team, scopes=[Scope.NORMS])
    current = client.get(api("nova", "norms/"), **bearer(raw)).json()
    assert current["number"] == 1 and current["norms"][1]["key"] == "kind"
    assert set(current["norms"][0]["enforcement"]) == {"first", "repeated", "severe"}
    one = client.get(api("nova", "norms/versions/1/"), **bearer(raw))
    assert one.status_code == 200
    assert client.get(api("nova", "norms/versions/2/"), **bearer(raw)).status_code == 404
    huge = client.get(api("nova", "norms/versions/99999999999999999999/"), **bearer(raw))
    assert huge.status_code in (404, 422)


def test_token_pages_show_the_secret_once_and_revoke(client, team):
    client.force_login(team.owner)
    page = reverse("api:tokens", kwargs={"slug": "nova"})
    response = client.post(page, {"name": "Chat bot", "scopes": ["read_norms", "read_team"]})
    assert response.status_code == 302
    shown = client.get(page).content.decode()
    token = ApiToken.objects.get()
    secret = shown.split("data-token-secret")[0].rsplit('value="', 1)[1].split('"')[0]
    assert secret.startswith("mpt_") and hashlib.sha256(secret.encode()).hexdigest() == token.digest
    assert secret not in client.get(page).content.decode()  # shown once
    assert client.get(api("nova", "team/"), **bearer(secret)).status_code == 200
    client.post(reverse("api:token_revoke", kwargs={"slug": "nova", "pk": token.pk}))
    assert client.get(api("nova", "team/"), **bearer(secret)).status_code == 401
    assert "Revoked" in client.get(page).content.decode()


def feed(client, team, raw, **params):
    response = client.get(api(team.channel.slug, "events/"), params, **bearer(raw))
    assert response.status_code == 200, response.content
    return response.json()


def test_the_event_feed_shows_what_each_scope_may_see_and_pages_by_cursor(client, team):
    norm_create(channel=team.channel, actor=team.owner, title="Be kind", explanation="Yes.")
    norms_publish(channel=team.channel, actor=team.owner, summary="First", is_material=True)
    opening = make_opening(team.channel, actor=team.owner)
    application_submit(opening=opening, applicant=team.outsider, answers=answers_for(opening))
    norm_create(channel=team.other_channel, actor=channel_owner(team.other_channel), title="Other")
    norms_publish(
        channel=team.other_channel,
        actor=channel_owner(team.other_channel),
        summary="Other",
        is_material=True,
    )

    _, norms_only = make(team, scopes=[Scope.NORMS])
    kinds = {item["type"] for item in feed(client, team, norms_only)["items"]}
    assert "norms.published" in kinds
    assert not kinds & {"membership.joined", "application.submitted"}

    _, team_scope = make(team, scopes=[Scope.TEAM])
    kinds = {item["type"] for item in feed(client, team, team_scope)["items"]}
    assert {"norms.published", "membership.joined"} <= kinds
    assert "application.submitted" not in kinds

    _, everything = make(team)
    items = feed(client, team, everything, limit=100)["items"]
    assert "application.submitted" in {item["type"] for item in items}
    own = set(ChannelEvent.objects.filter(channel=team.channel).values_list("id", flat=True))
    assert ChannelEvent.objects.filter(channel=team.other_channel).exists()
    assert {item["id"] for item in items} <= own  # never another channel's events
    text = str(items)
    assert "@example.com" not in text  # no email address ever leaves in a payload

    # One page at a time, oldest first, never repeating a row.
    seen, cursor = [], None
    while True:
        page = feed(client, team, everything, limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == sorted(seen) == [item["id"] for item in items]


def test_the_feed_shows_scheduled_events_behind_their_scopes(client, team, settings):
    settings.NORMS_REMINDER_DAYS = 0
    norm_create(channel=team.channel, actor=team.owner, title="Be kind", explanation="Yes.")
    norms_publish(channel=team.channel, actor=team.owner, summary="First", is_material=True)
    opening = make_opening(team.channel, actor=team.owner)
    application = application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    application_move(application=application, actor=team.owner, to_state="in_review")
    application_move(application=application, actor=team.owner, to_state="trial")
    ends_on = ApplicationTrial.objects.get().ends_on
    norms_send_reminders()
    trial_reminders_send(today=ends_on)

    _, team_scope = make(team, scopes=[Scope.TEAM])
    kinds = {item["type"] for item in feed(client, team, team_scope, limit=100)["items"]}
    assert "norms.acknowledgements_overdue" in kinds
    assert "application.trial_ending" not in kinds  # recruitment: the applications scope
    _, everything = make(team)
    items = feed(client, team, everything, limit=100)["items"]
    ending = [item for item in items if item["type"] == "application.trial_ending"]
    assert [item["data"] for item in ending] == [{"trial_ends_on": ends_on.isoformat()}]
