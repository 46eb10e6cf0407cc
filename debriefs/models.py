"""Incident debriefs: what happened in a channel, what the team did, what it learned.

A debrief names the norms involved as they stood in the current published version (number and
title kept, plus the draft norm they came from, so a norm's page counts its debriefs across
versions), the actions each moderator took (a step of the enforcement ladder, or something
else), a team thread, and, once the author or a lead agrees them, a summary of the lessons.
A proposed norm change waits in the draft until a version that changes the norm is published.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned
from norms.models import Action as LadderAction

TITLE_MAX = 120
CONTEXT_MAX = 200
TEXT_MAX = 8000
REFLECTION_MAX = 4000
SUMMARY_MAX = 1000
COMMENT_MAX = 2000
DETAIL_MAX = 300
DURATION_MAX_MINUTES = 60 * 24 * 7
ACTION_SLOTS = 4


class ActionKind(models.TextChoices):
    """The enforcement ladder's steps, or something else (described in the detail)."""

    REMIND = LadderAction.REMIND.value, LadderAction.REMIND.label
    DELETE = LadderAction.DELETE.value, LadderAction.DELETE.label
    TIMEOUT = LadderAction.TIMEOUT.value, LadderAction.TIMEOUT.label
    BAN = LadderAction.BAN.value, LadderAction.BAN.label
    ESCALATE = LadderAction.ESCALATE.value, LadderAction.ESCALATE.label
    OTHER = "other", _("Something else")


class Debrief(ChannelOwned):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    happened_at = models.DateTimeField(_("when it started"))
    duration_minutes = models.PositiveIntegerField(_("how long it lasted (minutes)"))
    context = models.CharField(_("stream or event"), max_length=CONTEXT_MAX)
    what_happened = models.TextField(_("what happened"), max_length=TEXT_MAX)
    went_well = models.TextField(_("what went well"), max_length=REFLECTION_MAX, blank=True)
    do_differently = models.TextField(
        _("what to do differently"), max_length=REFLECTION_MAX, blank=True
    )
    version = models.ForeignKey(
        "norms.NormVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    lessons_summary = models.TextField(_("lessons agreed"), max_length=SUMMARY_MAX, blank=True)
    lessons_agreed_at = models.DateTimeField(null=True, blank=True)
    lessons_agreed_by_name = models.CharField(max_length=150, blank=True)
    case_study = models.ForeignKey(
        "resources.Resource", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [
            models.Index(fields=["channel", "-happened_at", "-id"], name="debrief_list"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("debriefs:detail", kwargs={"slug": self.channel.slug, "pk": self.pk})

    @property
    def lessons_agreed(self) -> bool:
        return self.lessons_agreed_at is not None


class DebriefNorm(ChannelOwned):
    """A norm involved, as numbered and titled in the version the debrief was written under."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="norm_links")
    norm = models.ForeignKey(
        "norms.DraftNorm", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=120)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["debrief", "number"], name="unique_debrief_norm")
        ]
        indexes = [models.Index(fields=["channel", "norm"], name="debrief_norm_by_norm")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ModeratorAction(ChannelOwned):
    """What one moderator did during the incident."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="actions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator_name = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=ActionKind.choices)
    detail = models.CharField(max_length=DETAIL_MAX, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["channel", "debrief"], name="debrief_action_by_debrief")]

    def __str__(self) -> str:
        return f"{self.moderator_name}: {self.action}"


class DebriefComment(ChannelOwned):
    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["channel", "debrief"], name="debrief_comment_by_debrief")]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.debrief_id}"


class NormChange(ChannelOwned):
    """A change to a norm this debrief proposed: pending in the draft until a published
    version changes the norm (`version` set then)."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="norm_changes")
    norm = models.ForeignKey(
        "norms.DraftNorm", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    norm_title = models.CharField(max_length=120)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.ForeignKey(
        "norms.NormVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["debrief", "norm"],
                condition=Q(version__isnull=True),
                name="one_pending_change_per_norm",
            )
        ]
        indexes = [models.Index(fields=["channel", "version"], name="norm_change_by_version")]

    def __str__(self) -> str:
        return f"{self.debrief_id} → {self.norm_title}"
