from django.urls import path

from . import views, views_credentials

app_name = "records"

urlpatterns = [
    path("me/record/", views.my_record, name="mine"),
    path("me/record/endorsements/", views_credentials.my_endorsements, name="endorsements"),
    path("me/record/credentials/", views_credentials.my_credentials, name="credentials"),
    path(
        "me/record/credentials/<int:pk>.jwt",
        views_credentials.credential_download,
        name="credential_download",
    ),
    path("c/<slug:slug>/team/endorse/", views_credentials.endorse, name="endorse"),
    path("c/<slug:slug>/team/history/", views.team_history, name="team_history"),
    path(".well-known/did.json", views_credentials.did_json, name="did"),
    path(".well-known/jwks.json", views_credentials.jwks_json, name="jwks"),
    path("credentials/verify/", views_credentials.verify_page, name="verify"),
    path("credentials/status/<int:list_id>", views_credentials.status_list, name="status_list"),
]
