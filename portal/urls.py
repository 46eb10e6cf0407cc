from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api.api import api as api_v1

from . import views

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME
# The admin signs in through allauth, so its second factor and login rate limits apply here too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("portal.pages.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ping", views.ping, name="ping"),
    path("accounts/", include("allauth.urls")),
    # The footer's language selector (signed out): no CSRF token, so a cached public page
    # carries nothing of one visitor's (portal/views.py).
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("notifications/", include("portal.notifications.urls")),
    path("admin/", admin.site.urls),
    path("", include("channels.urls")),
    path("", include("moderators.urls")),
    path("", include("resources.urls")),
    path("", include("twitch.urls")),
    path("", include("norms.urls")),
    path("", include("community.urls")),
    path("", include("debriefs.urls")),
    path("", include("privacy.urls")),
    path("", include("shifts.urls")),
    path("", include("api.urls")),
    path("api/v1/", api_v1.urls),
    path("", include("exercises.urls")),
    path("", include("integrations.urls")),
    path("", include("records.urls")),
]

# Uploads, when the app serves them itself (SERVE_MEDIA; MEDIA_URL stays "media/").
urlpatterns.append(path("media/<path:path>", views.media, name="media"))
