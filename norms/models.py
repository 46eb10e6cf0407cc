"""A channel's norms: a draft the team edits, immutable numbered versions, acknowledgements,
drafting comments, and platform-wide starter templates.

A published version keeps its norms as a JSON snapshot (`NormVersion.norms`), so nothing that
happens to the draft afterwards can change what was published, and comparing two versions reads
two rows. `NormSet` keeps the current version's number and time, so a bot's conditional request
is answered from one indexed row.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned

TITLE_MAX = 120
EXPLANATION_MAX = 4000
EXAMPLES_MAX = 2000
SUMMARY_MAX = 1000
COMMENT_MAX = 2000
NORMS_MAX = 50
KEY_MAX = 40
TIMEOUT_MAX_MINUTES = 60 * 24 * 14  # Twitch's longest timeout: two weeks


class Category(models.TextChoices):
    BEHAVIOUR = "behaviour", _("Behaviour")
    LANGUAGE = "language", _("Language")
    SPOILERS = "spoilers", _("Spoilers")
    SELF_PROMOTION = "self_promotion", _("Self-promotion")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Other")


class Action(models.TextChoices):
    REMIND = "remind", _("Remind")
    DELETE = "delete", _("Delete the message")
    TIMEOUT = "timeout", _("Timeout")
    BAN = "ban", _("Ban")
    ESCALATE = "escalate", _("Escalate to the streamer")


BREACHES = (("first", _("First breach")), ("repeated", _("Repeated")), ("severe", _("Severe")))


def key_from_title(title: str, taken) -> str:
    """A slug of the title not in `taken` (a set of keys): "spam", then "spam-2"..."""
    base = slugify(title)[: KEY_MAX - 4].strip("-") or "rule"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


class NormFields(models.Model):
    """What a norm says; shared by draft norms and starter template norms."""

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    explanation = models.TextField(_("explanation"), max_length=EXPLANATION_MAX, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.BEHAVIOUR
    )
    allowed_examples = models.TextField(
        _("allowed (one example a line)"), max_length=EXAMPLES_MAX, blank=True
    )
    not_allowed_examples = models.TextField(
        _("not allowed (one example a line)"), max_length=EXAMPLES_MAX, blank=True
    )
    first_action = models.CharField(
        _("first breach"), max_length=10, choices=Action.choices, default=Action.REMIND
    )
    first_timeout = models.PositiveIntegerField(_("timeout minutes"), null=True, blank=True)
    repeated_action = models.CharField(
        _("repeated breach"), max_length=10, choices=Action.choices, default=Action.TIMEOUT
    )
    repeated_timeout = models.PositiveIntegerField(
        _("timeout minutes"), null=True, blank=True, default=10
    )
    severe_action = models.CharField(
        _("severe breach"), max_length=10, choices=Action.choices, default=Action.BAN
    )
    severe_timeout = models.PositiveIntegerField(_("timeout minutes"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def snapshot(self) -> dict:
        """The norm as a version stores it."""
        return {
            "title": self.title,
            "explanation": self.explanation,
            "category": self.category,
            "allowed": [
                line.strip() for line in self.allowed_examples.splitlines() if line.strip()
            ],
            "not_allowed": [
                line.strip() for line in self.not_allowed_examples.splitlines() if line.strip()
            ],
            "enforcement": {
                breach: {
                    "action": getattr(self, f"{breach}_action"),
                    "timeout_minutes": (
                        getattr(self, f"{breach}_timeout")
                        if getattr(self, f"{breach}_action") == Action.TIMEOUT
                        else None
                    ),
                }
                for breach, _label in BREACHES
            },
        }


class NormSet(ChannelOwned):
    """One per channel: the current version's stamp, read by the bot exports in one query."""

    current_version = models.ForeignKey(
        "NormVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_number = models.PositiveIntegerField(default=0)
    current_published_at = models.DateTimeField(null=True, blank=True)
    # The version whose reminder went out, so the beat task reminds once per version.
    reminded_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel"], name="one_norm_set_per_channel")]

    def __str__(self) -> str:
        return f"Norms of channel {self.channel_id}"


class DraftNorm(NormFields, ChannelOwned):
    # A stable name for bots (`!rule spam`, rules/spam.txt), unique in the channel.
    key = models.SlugField(_("key"), max_length=KEY_MAX, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["channel", "position"], name="draft_norm_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "key"], condition=~models.Q(key=""), name="unique_norm_key"
            )
        ]

    def snapshot(self) -> dict:
        return {"key": self.key, **super().snapshot()}


class VersionImmutable(Exception):
    """An attempt to edit or delete a published version: a programming error."""


class NormVersionQuerySet(models.QuerySet):
    def for_channel(self, channel):
        return self.filter(channel=channel)

    def update(self, **kwargs):
        raise VersionImmutable("Published norm versions are immutable.")

    def delete(self):
        raise VersionImmutable("Published norm versions are immutable.")


class NormVersion(ChannelOwned):
    """A published version: never edited, never deleted (except with its channel)."""

    number = models.PositiveIntegerField()
    summary = models.TextField(max_length=SUMMARY_MAX)
    is_material = models.BooleanField(
        help_text=_("Changes what moderators must do: everyone is asked to acknowledge it.")
    )
    norms = models.JSONField(default=list)
    # The DraftNorm each published norm came from, in the same order: a norm keeps its identity
    # across versions (debriefs count by it). Empty for versions published before it existed.
    norm_ids = models.JSONField(default=list, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_name = models.CharField(max_length=150)
    published_at = models.DateTimeField()

    objects = NormVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "number"], name="unique_norm_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise VersionImmutable("Published norm versions are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise VersionImmutable("Published norm versions are immutable.")

    def get_absolute_url(self) -> str:
        return reverse("norms:current", kwargs={"slug": self.channel.slug})


class NormComment(ChannelOwned):
    """A team member's comment on a draft norm; on publishing it stays with that version."""

    norm = models.ForeignKey(
        DraftNorm, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    norm_title = models.CharField(max_length=TITLE_MAX)
    version = models.ForeignKey(
        NormVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["channel", "version"], name="norm_comment_by_version")]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.norm_title}"


class Acknowledgement(ChannelOwned):
    """A member read and accepted a version; `carried_over` when it came from a wording-only
    change of a version they had acknowledged."""

    version = models.ForeignKey(NormVersion, on_delete=models.CASCADE, related_name="acks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="norm_acks"
    )
    carried_over = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_ack_per_version")
        ]
        indexes = [models.Index(fields=["channel", "version"], name="ack_by_version")]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged {self.version_id}"


class NormTemplate(models.Model):
    """A platform-wide starter set, maintained in the admin, that a channel copies into its
    draft in one click. Not channel-owned: channels only ever read it."""

    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    # Offered to channels whose language this is (English ones when a language has none).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("offered to channels"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["language", "name"], name="norm_template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class NormTemplateItem(NormFields):
    template = models.ForeignKey(NormTemplate, on_delete=models.CASCADE, related_name="items")

    class Meta:
        ordering = ["position", "id"]
