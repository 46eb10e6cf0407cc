from django.urls import path

from . import views

app_name = "debriefs"

team = "c/<slug:slug>/debriefs/"

urlpatterns = [
    path(team, views.debrief_list, name="list"),
    path(team + "new/", views.debrief_create, name="create"),
    path(team + "<int:pk>/", views.debrief_detail, name="detail"),
    path(team + "<int:pk>/comments/", views.comment_add, name="comment"),
    path(team + "<int:pk>/lessons/", views.lessons, name="lessons"),
    path(team + "<int:pk>/propose/", views.propose, name="propose"),
    path(team + "<int:pk>/case-study/", views.case_study, name="case_study"),
    path(team + "norms/<int:pk>/", views.norm, name="norm"),
]
