from django.urls import path

from . import views

app_name = "resources"

channel = "c/<slug:slug>/resources/"

urlpatterns = [
    path("resources/", views.community, name="community"),
    path("resources/<int:pk>/", views.community_detail, name="community_detail"),
    path("resources/<int:pk>/file/", views.community_file, name="community_file"),
    path("resources/<int:pk>/bookmark/", views.bookmark, name="bookmark"),
    path("resources/<int:pk>/report/", views.report, name="report"),
    path("resources/<int:pk>/add/", views.add_to_channel, name="add_to_channel"),
    path(channel, views.library, name="library"),
    path(channel + "new/", views.create, name="create"),
    path(channel + "progress/", views.progress, name="progress"),
    path(channel + "<int:pk>/", views.detail, name="detail"),
    path(channel + "<int:pk>/edit/", views.edit, name="edit"),
    path(channel + "<int:pk>/delete/", views.delete, name="delete"),
    path(channel + "<int:pk>/file/", views.file, name="file"),
    path(channel + "<int:pk>/done/", views.mark_done, name="done"),
    path(channel + "<int:pk>/share/", views.share, name="share"),
    path(channel + "<int:pk>/items/<int:item_pk>/tick/", views.tick, name="tick"),
]
