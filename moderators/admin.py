"""Platform admin: openings and applications, searchable and read-only.

Tenant data changes through the services (audited); staff read and search here.
"""

from django.contrib import admin

from portal.admin import ReadOnlyMixin

from .models import Application, ApplicationAnswer, Opening, OpeningQuestion


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
    list_display = ("applicant", "opening", "channel", "state", "submitted_at", "decided_at")
    list_filter = ("state", "channel__platform")
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
    inlines = [ApplicationAnswerInline]
