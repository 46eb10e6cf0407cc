from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from .provider import PortalTwitchProvider

urlpatterns = default_urlpatterns(PortalTwitchProvider)
