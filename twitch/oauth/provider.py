from allauth.socialaccount.providers.twitch.provider import TwitchProvider

from .views import PortalTwitchAdapter


class PortalTwitchProvider(TwitchProvider):
    """Twitch's sign-in (id "twitch", as allauth's), its URLs from twitch.oauth.urls."""

    oauth2_adapter_class = PortalTwitchAdapter
