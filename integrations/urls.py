from django.urls import path

from . import views

app_name = "integrations"

team = "c/<slug:slug>/integrations/"

urlpatterns = [
    path(team, views.endpoint_list, name="list"),
    path(team + "<int:pk>/", views.endpoint_detail, name="detail"),
    path(team + "<int:pk>/rotate/", views.rotate, name="rotate"),
    path(team + "<int:pk>/test/", views.send_test, name="test"),
    path(team + "<int:pk>/delete/", views.delete, name="delete"),
    path(team + "<int:pk>/deliveries/<int:delivery>/resend/", views.resend, name="resend"),
]
