"""Scenario exercises: a kind of training resource that checks understanding.

An `Exercise` belongs to one training resource (`resources.Resource` of kind "exercise"): the
resource carries title, summary, roles and sharing; the exercise its pass mark, attempts and
cool-down, and its questions. A question is a situation with choices (one or several right,
each with the reason shown after answering), optionally linked to a norm of the channel (the
draft norm, which keeps its identity across versions) and a step of its ladder; the norm's
title is kept as plain text too, which is all a copy in another channel or the community
library shows. Answers are kept per attempt; passing records the resource's `Completion`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned

SITUATION_MAX = 2000
CHOICE_MAX = 300
REASON_MAX = 1000
QUESTIONS_MAX = 30
CHOICE_SLOTS = 5
ATTEMPTS_MAX = 20
COOLDOWN_MAX_MINUTES = 60 * 24 * 14


class Breach(models.TextChoices):
    FIRST = "first", _("First breach")
    REPEATED = "repeated", _("Repeated")
    SEVERE = "severe", _("Severe")


class Exercise(ChannelOwned):
    resource = models.OneToOneField(
        "resources.Resource", on_delete=models.CASCADE, related_name="exercise"
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (percent of questions right)"), default=80
    )
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    cooldown_minutes = models.PositiveIntegerField(
        _("cool-down between attempts (minutes)"), default=60
    )
    needs_review = models.BooleanField(default=False)
    review_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="exercise_pass_mark"
            ),
        ]

    def __str__(self) -> str:
        return f"Exercise {self.resource_id}"


class Question(ChannelOwned):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    situation = models.TextField(_("situation"), max_length=SITUATION_MAX)
    norm = models.ForeignKey(
        "norms.DraftNorm", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    norm_title = models.CharField(max_length=200, blank=True)
    breach = models.CharField(_("ladder step"), max_length=10, choices=Breach.choices, blank=True)
    # Set when a material norms change touched the question's norm; cleared by the review.
    changed = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["channel", "norm"], name="exercise_question_norm")]

    def __str__(self) -> str:
        return self.situation[:60]


class Choice(ChannelOwned):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("choice"), max_length=CHOICE_MAX)
    correct = models.BooleanField(_("right"), default=False)
    reason = models.TextField(_("why"), max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Retake(ChannelOwned):
    """A member who had passed is asked to answer the questions a norms change touched."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="retakes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_ids = models.JSONField(default=list)
    requested_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["channel", "user"], name="exercise_retake_member")]

    def __str__(self) -> str:
        return f"{self.exercise_id}:{self.user_id}"


class Attempt(ChannelOwned):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    retake = models.ForeignKey(
        Retake, null=True, blank=True, on_delete=models.CASCADE, related_name="attempts"
    )
    submitted_at = models.DateTimeField()
    right = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["channel", "exercise", "user"], name="exercise_attempt_member")
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id}:{self.user_id}:{self.submitted_at:%Y-%m-%d}"

    @property
    def score(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


class Answer(ChannelOwned):
    """One choice a member ticked for one question in one attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="answers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "choice"], name="unique_attempt_choice")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.choice_id}"
