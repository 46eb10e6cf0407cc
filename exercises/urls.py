from django.urls import path

from . import views

app_name = "exercises"

team = "c/<slug:slug>/exercises/"

urlpatterns = [
    path(team, views.grid, name="grid"),
    path(team + "<int:pk>/", views.take, name="take"),
    path(team + "<int:pk>/submit/", views.submit, name="submit"),
    path(team + "<int:pk>/edit/", views.edit, name="edit"),
    path(team + "<int:pk>/generate/", views.generate, name="generate"),
    path(team + "<int:pk>/review/", views.review, name="review"),
    path(team + "<int:pk>/results/", views.results, name="results"),
    path(team + "<int:pk>/questions/new/", views.question, name="question_new"),
    path(team + "<int:pk>/questions/<int:qpk>/", views.question, name="question_edit"),
    path(
        team + "<int:pk>/questions/<int:qpk>/delete/", views.question_delete, name="question_delete"
    ),
]
