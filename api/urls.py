from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("c/<slug:slug>/api-tokens/", views.tokens, name="tokens"),
    path("c/<slug:slug>/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/docs/", views.docs, name="docs"),
]
