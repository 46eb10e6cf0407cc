"""Platform admins read the schedules (each channel's own record: nothing is edited here; the
team changes them through the services, audited). Calendar feed tokens are credentials: the
admin never shows them."""

from django.contrib import admin

from portal.admin import ReadOnlyMixin

from .models import CalendarFeed, ScheduleSettings, Shift, Stream, StreamException, StreamNeed


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class NeedInline(ReadOnlyMixin, admin.TabularInline):
    model = StreamNeed
    fields = ("role", "count")
    readonly_fields = fields
    extra = 0


class ExceptionInline(ReadOnlyMixin, admin.TabularInline):
    model = StreamException
    fields = ("occurs_on", "cancelled", "moved_on", "moved_time")
    readonly_fields = fields
    extra = 0


@admin.register(Stream)
class StreamAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "channel",
        "starts_on",
        "start_time",
        "time_zone",
        "weekly",
        "source",
        "edited_by_hand",
    )
    list_filter = ("source", "weekly", "edited_by_hand", "swaps_need_approval")
    search_fields = ("title", "channel__name", "channel__slug")
    list_select_related = ("channel",)
    readonly_fields = [f.name for f in Stream._meta.fields]
    inlines = [NeedInline, ExceptionInline]
    date_hierarchy = "starts_on"


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    list_display = ("user", "stream", "channel", "occurs_on", "need", "offered", "taker")
    list_filter = ("offered", ("occurs_on", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "user__display_name", "stream__title", "channel__name")
    list_select_related = ("user", "stream", "channel", "need__role", "need__stream", "taker")
    readonly_fields = [f.name for f in Shift._meta.fields]


@admin.register(ScheduleSettings)
class ScheduleSettingsAdmin(ReadOnlyAdmin):
    list_display = ("channel", "swaps_need_approval", "updated_at")
    list_filter = ("swaps_need_approval",)
    search_fields = ("channel__name", "channel__slug")
    list_select_related = ("channel",)
    readonly_fields = [f.name for f in ScheduleSettings._meta.fields]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ("user", "channel", "created_at")
    search_fields = ("user__username", "channel__name")
    list_select_related = ("user", "channel")
    fields = ("user", "channel", "created_at")  # never the token
    readonly_fields = fields
