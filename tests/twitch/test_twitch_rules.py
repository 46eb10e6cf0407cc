"""The sync by Twitch's own rules, against the local server refusing what Twitch refuses: one
status per person (a VIP made moderator loses VIP first, in one change that resumes after a
crash between its two calls; the reverse for a moderator made VIP), "already done" read from
the state rather than Twitch's wording, hourly token validation spread over the hour."""

from datetime import timedelta

import pytest
from allauth.socialaccount.models import SocialToken
from django.urls import reverse
from django.utils import timezone

from channels.services import membership_set_roles
from portal.notifications.models import Notification
from tests.factories import ChannelFactory, UserFactory, role
from tests.twitch.conftest import link_channel, mark
from tests.twitch.fake_twitch import ALL_SCOPES
from twitch import sync
from twitch.client import HoldsOther, TwitchApi, TwitchRefused
from twitch.models import ChangeState, TwitchChange, TwitchLink

pytestmark = pytest.mark.django_db


def only_change(channel) -> TwitchChange:
    return TwitchChange.objects.for_channel(channel).get()


def make_moderator(team, name="trainee"):
    membership_set_roles(
        membership=team.membership(name),
        roles=[role(team.channel, "Moderator")],
        actor=team.owner,
    )


def ids(requests):
    return [r.param("user_id") for r in requests]


# --- one status per person ---------------------------------------------------------------------


def test_a_vip_on_twitch_made_moderator_loses_vip_first_in_one_change(
    linked, django_capture_on_commit_callbacks
):
    fake, team = linked.fake, linked.team
    fake.channels["1000"].vips.append("2002")  # made VIP in chat, not through the portal
    with django_capture_on_commit_callbacks(execute=True):
        make_moderator(team)
    change = only_change(team.channel)
    assert (change.from_status, change.to_status, change.state) == ("", "moderator", "done")
    assert change.steps == ["remove:vip", "add:moderator"] and change.steps_done == 2
    assert fake.channels["1000"].vips == [] and "2002" in fake.channels["1000"].mods
    assert ids(fake.calls("DELETE", "channels/vips")) == ["2002"]
    # Twitch refused the first add (422: a VIP); after the removal the second one took.
    assert ids(fake.calls("POST", "moderation/moderators")) == ["2002", "2002"]
    assert change.attempts == 1 and change.last_error == ""


def test_a_crash_after_the_removal_resumes_without_sending_it_again(
    linked, django_capture_on_commit_callbacks
):
    fake, team = linked.fake, linked.team
    fake.channels["1000"].vips.append("2002")
    fake.vanish.add(("DELETE", "channels/vips"))  # applied; the worker never hears back
    with django_capture_on_commit_callbacks(execute=True):
        make_moderator(team)
    change = only_change(team.channel)
    assert change.state == ChangeState.PENDING  # waiting for the retry (or the sweep)
    assert change.steps == ["remove:vip", "add:moderator"] and change.steps_done == 0
    assert fake.channels["1000"].vips == []  # Twitch did remove it

    assert sync.change_apply(change.pk) == ChangeState.DONE
    change.refresh_from_db()
    assert change.steps_done == 2 and change.attempts == 2
    # The removal was checked against Twitch's list for that one user, not sent again.
    assert ids(fake.calls("DELETE", "channels/vips")) == ["2002"]
    assert "2002" in ids(r for r in fake.calls("GET", "channels/vips") if r.param("user_id"))
    assert fake.channels["1000"].mods == ["2001", "2002"]


def test_a_crash_after_the_second_call_reached_twitch_ends_with_each_call_once(
    linked, django_capture_on_commit_callbacks
):
    fake, team = linked.fake, linked.team
    with django_capture_on_commit_callbacks(execute=True):
        mark(team, "Trainee", "vip")  # the portal makes the trainee a VIP
    assert fake.channels["1000"].vips == ["2002"]
    TwitchChange.objects.all().delete()
    fake.requests.clear()
    fake.vanish.add(("POST", "moderation/moderators"))
    with django_capture_on_commit_callbacks(execute=True):
        make_moderator(team)
    change = only_change(team.channel)
    assert (change.from_status, change.state) == ("vip", ChangeState.PENDING)
    assert change.steps == ["remove:vip", "add:moderator"] and change.steps_done == 1

    assert sync.change_apply(change.pk) == ChangeState.DONE
    assert ids(fake.calls("DELETE", "channels/vips")) == ["2002"]
    assert ids(fake.calls("POST", "moderation/moderators")) == ["2002"]
    assert fake.channels["1000"].vips == [] and "2002" in fake.channels["1000"].mods


def test_a_moderator_on_twitch_given_a_vip_role_loses_moderator_first(
    linked, django_capture_on_commit_callbacks
):
    fake, team = linked.fake, linked.team
    fake.channels["1000"].mods.append("2002")  # a moderator in chat, not through the portal
    with django_capture_on_commit_callbacks(execute=True):
        mark(team, "Trainee", "vip")
    change = only_change(team.channel)
    assert (change.to_status, change.state) == ("vip", "done")
    assert change.steps == ["remove:moderator", "add:vip"]
    assert fake.channels["1000"].mods == ["2001"] and fake.channels["1000"].vips == ["2002"]


def test_twitch_refusing_again_after_the_removal_fails_the_change(
    linked, django_capture_on_commit_callbacks
):
    fake, team = linked.fake, linked.team
    fake.channels["1000"].vips.append("2002")
    fake.channels["1000"].banned.add("2002")
    with django_capture_on_commit_callbacks(execute=True):
        make_moderator(team)
    change = only_change(team.channel)
    assert change.state == ChangeState.FAILED and "banned" in change.last_error


# --- "already" read from the state ------------------------------------------------------------


def test_already_held_or_gone_is_decided_from_twitchs_state_not_its_wording(linked):
    fake = linked.fake
    fake.plain_errors = True  # refusals say only "Request refused"
    fake.channels["1000"].vips.append("2002")
    fake.channels["1000"].banned.add("2003")
    fake.user("2003", "banned_bob")
    api = TwitchApi(linked.link)
    assert api.add("moderator", "2001") is False  # 400, and the list shows them
    assert api.remove("vip", "2001") is False  # 422, and the list does not
    with pytest.raises(HoldsOther) as other:
        api.add("moderator", "2002")
    assert other.value.status == "vip" and "Request refused" in str(other.value)
    with pytest.raises(TwitchRefused, match="Request refused"):
        api.add("moderator", "2003")  # 400 and held nowhere: a final no, Twitch's words kept
    assert fake.channels["1000"].mods == ["2001"]


def test_a_token_missing_a_scope_fails_the_change_with_twitchs_answer(
    linked, django_capture_on_commit_callbacks
):
    fake, team = linked.fake, linked.team
    fake.scopes["1000"] = tuple(s for s in ALL_SCOPES if s != "channel:manage:vips")
    with django_capture_on_commit_callbacks(execute=True):
        mark(team, "Trainee", "vip")
    change = only_change(team.channel)
    assert change.state == ChangeState.FAILED and "channel:manage:vips" in change.last_error
    assert fake.channels["1000"].vips == []


# --- token validation --------------------------------------------------------------------------


def test_validation_records_scopes_and_a_missing_one_is_shown(linked, client):
    fake, team = linked.fake, linked.team
    fake.scopes["1000"] = tuple(s for s in ALL_SCOPES if s != "channel:manage:vips")
    assert sync.tokens_validate() == {"valid": 1, "lost": 0, "unknown": 0}
    link = TwitchLink.objects.get()
    assert link.token_checked_at and link.token_lost_at is None
    assert "channel:manage:vips" not in link.token_scopes
    assert link.missing_scopes == ["channel:manage:vips"]
    assert fake.validations == ["token-1000"]
    client.force_login(team.owner)
    page = client.get(reverse("twitch:sync", kwargs={"slug": team.channel.slug}))
    assert "lacks permissions" in page.content.decode()
    assert "channel:manage:vips" in page.content.decode()


def test_an_expired_access_token_is_renewed_at_validation_not_marked_lost(linked):
    linked.fake.expired.add("token-1000")
    assert sync.token_validate(linked.link) == "valid"
    link = TwitchLink.objects.get()
    assert link.token_lost_at is None and link.missing_scopes == []
    assert linked.fake.validations[0] == "token-1000"
    assert linked.fake.validations[1].startswith("access-")


def test_a_revoked_token_is_noticed_by_the_hours_run_and_the_owner_told_once(linked, client):
    fake, team = linked.fake, linked.team
    sync.tokens_validate()  # the first validation, when the link starts using the token
    fake.revoke("1000")  # the owner disconnects the portal on Twitch
    link = TwitchLink.objects.get()
    slot, slots = sync.validation_slot(timezone.now())
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    tick = timedelta(seconds=3600 // slots)
    counts = [sync.tokens_validate(now=hour + n * tick) for n in range(slots)]
    assert sum(c["lost"] for c in counts) == 1  # validated once in the hour, in its slot
    assert counts[link.pk % slots]["lost"] == 1
    link.refresh_from_db()
    assert link.token_lost_at is not None
    note = Notification.objects.get(event="twitch.token_lost")
    assert note.recipient == team.owner and team.channel.name in note.summary

    sync.tokens_validate(now=hour + (link.pk % slots) * tick)  # the next hour's run
    assert Notification.objects.filter(event="twitch.token_lost").count() == 1
    client.force_login(team.owner)
    page = client.get(reverse("twitch:sync", kwargs={"slug": team.channel.slug}))
    assert "no longer accepts" in page.content.decode()

    # The owner connects again: the next validation clears the mark.
    fake.grant("1000", access="token-again", refresh="refresh-again")
    SocialToken.objects.filter(account_id=link.account_id).update(
        token="token-again", token_secret="refresh-again"
    )
    assert sync.token_validate(link) == "valid"
    link.refresh_from_db()
    assert link.token_lost_at is None


def test_each_link_is_validated_once_an_hour_spread_over_it(team, fake_twitch):
    links = [
        link_channel(fake_twitch, ChannelFactory(owner=owner), owner, uid=str(5000 + n))
        for n, owner in enumerate(UserFactory() for _ in range(3))
    ]
    sync.tokens_validate()  # each validated once on its start
    fake_twitch.validations.clear()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    _slot, slots = sync.validation_slot(hour)
    tick = timedelta(seconds=3600 // slots)
    runs = [sync.tokens_validate(now=hour + n * tick)["valid"] for n in range(slots)]
    assert sorted(fake_twitch.validations) == sorted(f"token-{5000 + n}" for n in range(3))
    assert max(runs) == 1  # consecutive ids fall in different runs
    assert {link.pk % slots for link in links} == {n for n, r in enumerate(runs) if r}
