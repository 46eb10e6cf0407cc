from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("community/", views.hub, name="hub"),
    path("c/<slug:slug>/health/", views.team_health, name="team_health"),
]
