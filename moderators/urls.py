from django.urls import path

from . import invitation_views, review_views, views

app_name = "moderators"

channel = "c/<slug:slug>/openings/"

urlpatterns = [
    path("openings/", views.board, name="board"),
    path("openings/<int:pk>/", views.opening_detail, name="opening_detail"),
    path("openings/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/", views.my_applications, name="my_applications"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(channel, views.team_openings, name="team_openings"),
    path(channel + "new/", views.opening_create, name="opening_create"),
    path(channel + "<int:pk>/", views.opening_manage, name="opening_manage"),
    path(channel + "<int:pk>/open/", views.opening_open, name="opening_open"),
    path(channel + "<int:pk>/close/", views.opening_close, name="opening_close"),
    path(channel + "<int:pk>/questions/", views.question_add, name="question_add"),
    path(
        channel + "<int:pk>/questions/<int:question_pk>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        channel + "<int:pk>/questions/<int:question_pk>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        channel + "<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    # The review pipeline (issue 13).
    path("c/<slug:slug>/applications/", review_views.review, name="review"),
    path("c/<slug:slug>/applications/<int:pk>/", review_views.review_detail, name="review_detail"),
    path("c/<slug:slug>/applications/<int:pk>/move/", review_views.review_move, name="review_move"),
    path(
        "c/<slug:slug>/applications/<int:pk>/notes/", review_views.review_note, name="review_note"
    ),
    path("c/<slug:slug>/applications/<int:pk>/vote/", review_views.review_vote, name="review_vote"),
    # Invitations
    path("invitations/", invitation_views.my_invitations, name="my_invitations"),
    path(
        "invitations/<int:pk>/accept/",
        invitation_views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        invitation_views.invitation_decline,
        name="invitation_decline",
    ),
    path("invitations/<slug:token>/", invitation_views.invitation_link, name="invitation_link"),
    path("c/<slug:slug>/invitations/", invitation_views.team_invitations, name="team_invitations"),
    path(
        "c/<slug:slug>/invitations/send/",
        invitation_views.invitation_send,
        name="invitation_send",
    ),
    path(
        "c/<slug:slug>/invitations/<int:pk>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "c/<slug:slug>/invitations/<int:pk>/resend/",
        invitation_views.invitation_resend,
        name="invitation_resend",
    ),
]
