"""Read-API tokens: one channel each, scoped, hashed at rest, revocable."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned

NAME_MAX = 80


class Scope(models.TextChoices):
    TEAM = "read_team", _("Read the team (members and roles)")
    NORMS = "read_norms", _("Read the norms and their versions")
    OPENINGS = "read_openings", _("Read the openings")
    APPLICATIONS = "read_applications", _("Read applications and their answers")
    TRAINING = "read_training", _("Read training progress")


class ApiToken(ChannelOwned):
    """The secret is shown once; only its SHA-256 is kept. `prefix` finds the row."""

    name = models.CharField(_("name"), max_length=NAME_MAX)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["channel", "created_at"], name="api_token_list")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in self.scopes if s in Scope.values]
