from django.urls import path

from . import views

app_name = "channels"

channel = "c/<slug:slug>/"

urlpatterns = [
    path("channels/", views.channel_list, name="list"),
    path("channels/new/", views.channel_create, name="create"),
    path(channel, views.channel_detail, name="detail"),
    path(channel + "settings/", views.channel_settings, name="settings"),
    path(channel + "settings/transfer/", views.channel_transfer, name="transfer"),
    path(channel + "settings/archive/", views.channel_archive, name="archive"),
    path(channel + "team/", views.team, name="team"),
    path(channel + "team/listing/", views.member_listing, name="member_listing"),
    path(channel + "team/leave/", views.channel_leave, name="leave"),
    path(channel + "team/<int:pk>/", views.member_row, name="member_row"),
    path(channel + "team/<int:pk>/roles/", views.member_roles, name="member_roles"),
    path(channel + "team/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(channel + "roles/", views.roles, name="roles"),
    path(channel + "roles/new/", views.role_create, name="role_create"),
    path(channel + "roles/from-template/", views.role_template, name="role_template"),
    path(channel + "roles/<int:pk>/edit/", views.role_edit, name="role_edit"),
    path(channel + "roles/<int:pk>/move/", views.role_move, name="role_move"),
    path(channel + "roles/<int:pk>/delete/", views.role_delete, name="role_delete"),
    path(channel + "audit/", views.audit_log, name="audit"),
]
