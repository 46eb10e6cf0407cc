from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("account/data/", views.home, name="home"),
    path("account/data/export/", views.export_request, name="export_request"),
    path("account/data/exports/<int:pk>/", views.export_status, name="export_status"),
    path("account/data/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("c/<slug:slug>/settings/delete/", views.channel_delete, name="channel_delete"),
    path(
        "c/<slug:slug>/settings/delete/cancel/",
        views.channel_delete_cancel,
        name="channel_delete_cancel",
    ),
]
