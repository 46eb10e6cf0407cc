"""Platform admin: openings and applications, searchable and read-only.

Tenant data changes through the services (audited); staff read and search here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import ReadOnlyMixin

from .models import (
    Application,
    ApplicationAnswer,
    ApplicationMove,
    ApplicationNote,
    ApplicationTrial,
    ApplicationVote,
    Invitation,
    InvitationBlock,
    InvitationRole,
    Opening,
    OpeningQuestion,
)


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class OpeningQuestionInline(ReadOnlyMixin, admin.TabularInline):
    model = OpeningQuestion
    fields = ("position", "prompt", "kind", "required", "choices")
    extra = 0


@admin.register(Opening)
class OpeningAdmin(ReadOnlyAdmin):
    list_display = ("title", "channel", "role", "state", "opened_at", "closes_on", "created_by")
    list_filter = ("state", "channel__platform", ("closes_on", admin.EmptyFieldListFilter))
    search_fields = ("title", "description", "channel__name", "channel__slug", "role__name")
    list_select_related = ("channel", "role", "created_by")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Opening._meta.fields]
    inlines = [OpeningQuestionInline]


class ApplicationAnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationAnswer
    fields = ("position", "question_text", "kind", "value")
    extra = 0


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    # State first after who: beside the navigation sidebar and the filters, a laptop shows about
    # four columns before the table scrolls, and the state is what an admin scans for.
    list_display = ("applicant", "state", "channel", "opening", "submitted_at")
    list_filter = ("state", "channel__platform", ("trial", admin.EmptyFieldListFilter))
    search_fields = (
        "applicant__username",
        "applicant__email",
        "opening__title",
        "channel__name",
        "channel__slug",
    )
    list_select_related = ("applicant", "opening", "channel")
    date_hierarchy = "submitted_at"
    readonly_fields = [field.name for field in Application._meta.fields]
    inlines = [ApplicationAnswerInline]  # the review inlines are added below


# The review pipeline (issue 13): the team's notes, votes, moves and trial, read-only.


class ApplicationNoteInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationNote
    fields = ("created_at", "author", "body")
    readonly_fields = fields
    extra = 0


class ApplicationVoteInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationVote
    fields = ("voter", "choice", "updated_at")
    readonly_fields = fields
    extra = 0


class ApplicationMoveInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationMove
    fields = ("created_at", "actor", "from_state", "to_state", "message")
    readonly_fields = fields
    extra = 0


class ApplicationTrialInline(ReadOnlyMixin, admin.StackedInline):
    model = ApplicationTrial
    fields = ("ends_on", "reminded_at", "created_at")
    readonly_fields = fields
    extra = 0


ApplicationAdmin.inlines = [
    *ApplicationAdmin.inlines,
    ApplicationMoveInline,
    ApplicationTrialInline,
    ApplicationVoteInline,
    ApplicationNoteInline,
]


class InvitationRoleInline(ReadOnlyMixin, admin.TabularInline):
    model = InvitationRole
    fields = ("role",)
    extra = 0


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Read-only; the token's hash is never shown."""

    list_display = (
        "invitee",
        "channel",
        "state",
        "inviter",
        "created_at",
        "expires_at",
        "responded_at",
    )
    list_filter = ("state", "channel__platform", ("invited_user", admin.EmptyFieldListFilter))
    search_fields = (
        "email",
        "invited_user__username",
        "invited_user__email",
        "inviter__username",
        "channel__name",
        "channel__slug",
    )
    list_select_related = ("channel", "inviter", "invited_user")
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "channel",
        "invited_user",
        "email",
        "inviter",
        "state",
        "message",
        "created_at",
        "expires_at",
        "responded_at",
        "responded_by",
    )
    inlines = [InvitationRoleInline]

    @admin.display(description=_("invited"), ordering="email")
    def invitee(self, invitation):
        return invitation.invitee_label


@admin.register(InvitationBlock)
class InvitationBlockAdmin(ReadOnlyAdmin):
    list_display = ("user", "channel", "until", "created_at")
    list_filter = (("until", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "channel__name", "channel__slug")
    list_select_related = ("user", "channel")
    readonly_fields = ("user", "channel", "until", "created_at")
