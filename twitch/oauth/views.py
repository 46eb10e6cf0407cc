from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.twitch.views import TwitchOAuth2Adapter
from django.conf import settings


class PortalTwitchAdapter(TwitchOAuth2Adapter):
    """The authorize page, the code exchange and the profile read at the portal's settings,
    read on each use (so a test's or a proxy's setting applies at once)."""

    @property
    def authorize_url(self) -> str:
        return f"{settings.TWITCH_ID_BASE_URL}/oauth2/authorize"

    @property
    def access_token_url(self) -> str:
        return settings.TWITCH_TOKEN_URL

    @property
    def profile_url(self) -> str:
        return f"{settings.TWITCH_API_BASE_URL}/users"


oauth2_login = OAuth2LoginView.adapter_view(PortalTwitchAdapter)
oauth2_callback = OAuth2CallbackView.adapter_view(PortalTwitchAdapter)
