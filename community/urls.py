from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("mods/", views.directory, name="directory"),
    path("mods/<str:username>/", views.profile, name="profile"),
    path("mods/<str:username>/invite/", views.invite, name="invite"),
    path("settings/profile/", views.profile_edit, name="profile_edit"),
    path("c/<slug:slug>/announcements/", views.announcements, name="announcements"),
    path(
        "c/<slug:slug>/announcements/<int:pk>/pin/",
        views.announcement_pin,
        name="announcement_pin",
    ),
    path(
        "c/<slug:slug>/announcements/<int:pk>/delete/",
        views.announcement_delete_view,
        name="announcement_delete",
    ),
]
