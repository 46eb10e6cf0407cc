"""Platform admin: norm sets, versions, acknowledgements and comments read-only (tenant data
changes through the services, audited); starter templates are maintained here."""

from django.contrib import admin

from portal.admin import ReadOnlyMixin

from .models import (
    Acknowledgement,
    DraftNorm,
    NormComment,
    NormSet,
    NormTemplate,
    NormTemplateItem,
    NormVersion,
)


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass

    def get_queryset(self, request):
        return super().get_queryset(request)


@admin.register(NormSet)
class NormSetAdmin(ReadOnlyAdmin):
    list_display = ("channel", "current_number", "current_published_at", "reminded_number")
    search_fields = ("channel__name", "channel__slug")
    list_select_related = ("channel",)
    readonly_fields = [field.name for field in NormSet._meta.fields]


@admin.register(NormVersion)
class NormVersionAdmin(ReadOnlyAdmin):
    list_display = ("channel", "number", "is_material", "published_by_name", "published_at")
    list_filter = ("is_material",)
    search_fields = ("channel__name", "channel__slug", "summary", "published_by_name")
    list_select_related = ("channel",)
    date_hierarchy = "published_at"
    readonly_fields = [field.name for field in NormVersion._meta.fields]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ("user", "channel", "version", "carried_over", "acknowledged_at")
    list_filter = ("carried_over",)
    search_fields = ("user__username", "channel__name", "channel__slug")
    list_select_related = ("user", "channel", "version")
    readonly_fields = [field.name for field in Acknowledgement._meta.fields]


@admin.register(NormComment)
class NormCommentAdmin(ReadOnlyAdmin):
    list_display = ("author_name", "norm_title", "channel", "version", "created_at")
    search_fields = ("author_name", "norm_title", "body", "channel__slug")
    list_select_related = ("channel", "version")
    readonly_fields = [field.name for field in NormComment._meta.fields]


class NormTemplateItemInline(admin.StackedInline):
    model = NormTemplateItem
    extra = 0
    fields = (
        "position",
        "title",
        "category",
        "explanation",
        "allowed_examples",
        "not_allowed_examples",
        ("first_action", "first_timeout"),
        ("repeated_action", "repeated_timeout"),
        ("severe_action", "severe_timeout"),
    )


@admin.register(NormTemplate)
class NormTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "is_active", "position")
    list_filter = ("language", "is_active")
    list_editable = ("is_active", "position")
    search_fields = ("name", "description")
    inlines = [NormTemplateItemInline]


@admin.register(DraftNorm)
class DraftNormAdmin(ReadOnlyAdmin):
    list_display = ("title", "channel", "category", "position")
    list_filter = ("category",)
    search_fields = ("title", "channel__name", "channel__slug")
    list_select_related = ("channel",)
    readonly_fields = [field.name for field in DraftNorm._meta.fields]
