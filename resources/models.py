"""Training resources: a channel's library, required training and the community library.

One pattern for rows that are either channel-owned or platform-wide: a nullable `channel`.
A row with a channel belongs to that channel's library and is only ever read through
`Resource.objects.for_channel(channel)`; a row without one is a platform resource (the starter
set, managed by platform admins), read through `Resource.objects.platform()`. A check
constraint keeps platform rows in the community library. The community library itself is
`Resource.objects.community()`: platform rows and channel rows their channel shared, minus
what platform admins unpublished. Every row the resource owns (items, roles, ticks,
completions) carries the resource's channel itself, so tenant queries stay one-column filters.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage

TITLE_MAX = 200
SUMMARY_MAX = 500
BODY_MAX = 20_000
URL_MAX = 500
TAG_MAX = 30
TAGS_MAX = 8
ITEMS_MAX = 50
ITEM_MAX = 300
MINUTES_MAX = 600
REPORT_MAX = 1000
FILE_MAX_BYTES = 8 * 1024 * 1024


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    LINK = "link", _("Link")
    FILE = "file", _("File")
    CHECKLIST = "checklist", _("Checklist")
    EXERCISE = "exercise", _("Scenario exercise")


class ResourceQuerySet(models.QuerySet):
    def for_channel(self, channel):
        """A channel's own library (never platform rows, never another channel's)."""
        return self.filter(channel=channel)

    def platform(self):
        """Platform resources: no channel, managed by platform admins."""
        return self.filter(channel__isnull=True)

    def community(self):
        """What every signed-in user may browse: platform rows and shared channel rows that
        platform admins have not unpublished."""
        return self.filter(
            Q(channel__isnull=True) | Q(shared_at__isnull=False), unpublished_at__isnull=True
        )


def file_path(instance, filename: str) -> str:
    """A random name with no extension of the uploader's choosing; the type is in the row."""
    return f"resources/{uuid.uuid4().hex}"


class Resource(models.Model):
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    body = models.TextField(_("article"), max_length=BODY_MAX, blank=True)
    url = models.URLField(_("link"), max_length=URL_MAX, blank=True)
    file = models.FileField(
        _("file"), upload_to=file_path, storage=private_storage, blank=True, max_length=200
    )
    file_type = models.CharField(max_length=50, blank=True)
    file_name = models.CharField(max_length=120, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated time (minutes)"), default=5)
    # What the resource is written in: a platform starter guide is offered to channels whose
    # language this is; a channel's own rows take the channel's language.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The community library
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    unpublished_at = models.DateTimeField(null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # Kept by the services on PostgreSQL (title A, summary and tags B, body C).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__isnull=False) | Q(shared_at__isnull=False),
                name="platform_resources_are_shared",
            ),
            models.CheckConstraint(
                condition=Q(estimated_minutes__lte=MINUTES_MAX), name="resource_minutes_max"
            ),
        ]
        indexes = [
            models.Index(fields=["channel", "title"], name="resource_library"),
            models.Index(fields=["shared_at", "unpublished_at"], name="resource_community"),
            # Created on PostgreSQL only (migration 0002); SQLite searches without it.
            GinIndex(fields=["search_vector"], name="resource_search"),
        ]
        permissions = [
            ("moderate_community", "Can feature, unpublish and resolve reports of resources"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.channel_id is None:
            return reverse("resources:community_detail", kwargs={"pk": self.pk})
        return reverse("resources:detail", kwargs={"slug": self.channel.slug, "pk": self.pk})

    @property
    def is_platform(self) -> bool:
        return self.channel_id is None

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def is_image(self) -> bool:
        return self.file_type.startswith("image/")


class ResourceTag(models.Model):
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=TAG_MAX)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "name"], name="unique_resource_tag")
        ]
        indexes = [models.Index(fields=["channel", "name"], name="resource_tag_filter")]

    def __str__(self) -> str:
        return self.name


class ResourceRole(models.Model):
    """A role a channel resource is meant for; `required` makes it training for that role."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="role_links")
    role = models.ForeignKey(
        "channels.Role", on_delete=models.CASCADE, related_name="resource_links"
    )
    required = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "role"], name="unique_resource_role")
        ]
        indexes = [models.Index(fields=["channel", "required"], name="resource_required")]

    def __str__(self) -> str:
        return f"{self.resource_id}:{self.role_id}"


class ChecklistItem(models.Model):
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=ITEM_MAX)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class ItemTick(models.Model):
    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="unique_item_tick")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.user_id}"


class Completion(models.Model):
    """A member finished a channel resource (a checklist: every item ticked)."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="unique_completion")
        ]
        indexes = [models.Index(fields=["channel", "user"], name="completion_by_member")]

    def __str__(self) -> str:
        return f"{self.resource_id}:{self.user_id}"


class TrainingOverdue(models.Model):
    """A member's required training found unfinished TRAINING_DUE_DAYS after they joined: the
    mark that the `training.overdue` event was recorded, once per membership."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    membership = models.OneToOneField(
        "channels.Membership", on_delete=models.CASCADE, related_name="+"
    )
    found_at = models.DateTimeField()
    outstanding = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.outstanding}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "resource"], name="unique_bookmark")]

    def __str__(self) -> str:
        return f"{self.resource_id}:{self.user_id}"


class ReportState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Report(models.Model):
    """A user tells platform admins a community resource is wrong or harmful."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=REPORT_MAX)
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=REPORT_MAX, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report on {self.resource_id}"
