from django.urls import path

from . import export_views, views

app_name = "norms"

team = "c/<slug:slug>/norms/"

urlpatterns = [
    path(team, views.editor, name="editor"),
    path(team + "new/", views.norm_create, name="norm_create"),
    path(team + "<int:pk>/edit/", views.norm_edit, name="norm_edit"),
    path(team + "<int:pk>/delete/", views.norm_delete, name="norm_delete"),
    path(team + "<int:pk>/move/", views.norm_move, name="norm_move"),
    path(team + "<int:pk>/comments/", views.comment_add, name="comment_add"),
    path(team + "templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path(team + "publish/", views.publish, name="publish"),
    path(team + "current/", views.current, name="current"),
    path(team + "acknowledge/", views.acknowledge, name="acknowledge"),
    path(team + "versions/", views.history, name="history"),
    path(team + "versions/<int:number>/", views.version, name="version"),
    path(team + "compare/", views.compare_versions, name="compare"),
    # Public: the rules page and the exports for bots and overlays.
    path("c/<slug:slug>/rules/", views.rules, name="rules"),
    path("c/<slug:slug>/rules.json", export_views.rules_json_view, name="rules_json"),
    path("c/<slug:slug>/rules.txt", export_views.rules_txt_view, name="rules_txt"),
    path("c/<slug:slug>/rules/<int:number>.txt", export_views.rule_txt_view, name="rule_txt"),
    path("c/<slug:slug>/rules/<slug:key>.txt", export_views.rule_key_txt_view, name="rule_key_txt"),
]
