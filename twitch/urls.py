from django.urls import path

from . import views

app_name = "twitch"

urlpatterns = [
    path("c/<slug:slug>/twitch/", views.sync, name="sync"),
    path("c/<slug:slug>/twitch/link/", views.link, name="link"),
    path("c/<slug:slug>/twitch/unlink/", views.unlink, name="unlink"),
    path("c/<slug:slug>/twitch/roles/", views.roles, name="roles"),
    path("c/<slug:slug>/twitch/refresh/", views.refresh, name="refresh"),
    path("c/<slug:slug>/twitch/import/", views.import_team, name="import"),
    path("c/<slug:slug>/twitch/import/<int:pk>/invite/", views.invite, name="invite"),
    path("c/<slug:slug>/twitch/changes/<int:pk>/retry/", views.retry, name="retry"),
    path("c/<slug:slug>/twitch/drift/<int:pk>/<str:how>/", views.drift_resolve, name="drift"),
    path("twitch/join/<str:token>/", views.join, name="join"),
    path("twitch/eventsub/", views.eventsub_callback, name="eventsub"),
]
