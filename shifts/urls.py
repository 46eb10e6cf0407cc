from django.urls import path

from . import views

app_name = "shifts"

team = "c/<slug:slug>/schedule/"

urlpatterns = [
    path(team, views.schedule, name="schedule"),
    path(team + "new/", views.stream_create, name="stream_create"),
    path(team + "settings/", views.schedule_settings, name="schedule_settings"),
    path(team + "<int:pk>/edit/", views.stream_edit, name="stream_edit"),
    path(team + "<int:pk>/delete/", views.stream_delete, name="stream_delete"),
    path(team + "<int:pk>/cancel/", views.occurrence_cancel, name="occurrence_cancel"),
    path(team + "<int:pk>/move/", views.occurrence_move, name="occurrence_move"),
    path(team + "<int:pk>/adopt-twitch/", views.adopt_twitch, name="adopt_twitch"),
    path(team + "needs/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path(team + "shifts/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(team + "shifts/<int:pk>/offer/", views.offer, name="offer"),
    path(team + "shifts/<int:pk>/take/", views.take, name="take"),
    path(team + "shifts/<int:pk>/approve/", views.approve, name="approve"),
    path(team + "calendar/", views.channel_calendar, name="channel_calendar"),
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/next/", views.next_panel, name="next_panel"),
    path("calendar/feed/<str:token>.ics", views.feed, name="feed"),
]
