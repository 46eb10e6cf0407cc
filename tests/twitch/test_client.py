"""The Helix client against a local server answering as Twitch does: pagination, token
refresh on 401 (once), 429 with its reset time, Twitch's 400/422 answers."""

import pytest
from allauth.socialaccount.models import SocialToken
from django.utils import timezone

from twitch.client import NotLinked, RateLimited, TwitchApi, TwitchRefused

pytestmark = pytest.mark.django_db


def token_of(link):
    return SocialToken.objects.get(account_id=link.account_id)


def test_lists_read_every_page(linked):
    fake = linked.fake
    for n in range(7):
        fake.user(f"30{n}", f"viewer{n}")
    fake.channels["1000"].vips.extend(f"30{n}" for n in range(7))
    vips = TwitchApi(linked.link).list("vip")
    assert [row["user_login"] for row in vips] == [f"viewer{n}" for n in range(7)]
    pages = fake.calls("GET", "channels/vips")
    assert len(pages) == 4  # two per page
    assert pages[0].param("after") == "" and pages[1].param("after")


def test_an_expired_token_is_refreshed_and_the_request_retried_once(linked):
    fake = linked.fake
    fake.expired.add("token-1000")
    assert TwitchApi(linked.link).add("moderator", "2002") is True
    token = token_of(linked.link)
    assert token.token.startswith("access-") and token.token_secret.startswith("refresh-")
    assert token.expires_at > timezone.now()
    adds = fake.calls("POST", "moderation/moderators")
    assert [r.token for r in adds] == ["token-1000", token.token]
    assert "2002" in fake.channels["1000"].mods


def test_a_token_past_its_expiry_is_refreshed_before_the_request(linked):
    SocialToken.objects.filter(account_id=linked.link.account_id).update(
        expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    TwitchApi(linked.link).list("moderator")
    assert [r.token for r in linked.fake.requests] == [token_of(linked.link).token]


def test_a_second_401_after_refresh_is_not_retried_again(linked):
    fake = linked.fake
    fake.expired.add("token-1000")
    fake.refresh_tokens.clear()  # the owner revoked the portal on Twitch
    with pytest.raises(NotLinked):
        TwitchApi(linked.link).add("moderator", "2002")
    assert len(fake.calls("POST", "moderation/moderators")) == 1


def test_429_carries_twitchs_reset_time(linked):
    linked.fake.rate_limited = 1
    with pytest.raises(RateLimited) as caught:
        TwitchApi(linked.link).add("moderator", "2002")
    assert 0 <= (caught.value.reset_at - timezone.now()).total_seconds() <= 2


def test_a_banned_user_is_refused_with_twitchs_message(linked):
    linked.fake.channels["1000"].banned.add("2002")
    with pytest.raises(TwitchRefused, match="banned"):
        TwitchApi(linked.link).add("moderator", "2002")


def test_a_status_already_held_or_already_gone_counts_as_done(linked):
    api = TwitchApi(linked.link)
    assert api.add("moderator", "2001") is False  # 400 already a moderator
    assert api.remove("vip", "2001") is False  # 422 not a VIP
    assert api.remove("moderator", "2001") is True
    assert api.holds("moderator", "2001") is False
