"""Requests a person (or staff for them) makes about their data: exports, account deletions,
channel deletions. Each row is also the record that the request was made and carried out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.storage import private_storage


class ExportState(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportKind(models.TextChoices):
    PERSON = "person", _("Personal data")
    CHANNEL = "channel", _("Channel data")


class DataExport(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("for")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ExportKind.choices, default=ExportKind.PERSON)
    # A channel export outlives its channel (the final export), so it names the channel.
    channel_slug = models.CharField(max_length=60, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.state in (ExportState.PENDING, ExportState.BUILDING)


class DeletionState(models.TextChoices):
    PENDING = "pending", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Carried out")


class AccountDeletion(models.Model):
    """A scheduled erasure. After it is carried out, `user` is the "former member" row that
    kept content points at, and `pseudonym` its stable name in audit logs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=DeletionState.choices)
    pseudonym = models.CharField(max_length=40, unique=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")

    def __str__(self) -> str:
        return self.pseudonym


class ChannelDeletion(models.Model):
    channel = models.OneToOneField(
        "channels.Channel", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    channel_slug = models.CharField(max_length=60)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    export = models.ForeignKey(DataExport, on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.CharField(max_length=10, choices=DeletionState.choices)
    requested_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("channel deletion")
        verbose_name_plural = _("channel deletions")

    def __str__(self) -> str:
        return self.channel_slug


class Person(User):
    """The platform admin's view of an account for data requests (export, erasure), with
    permissions of its own: changing users is not the same as erasing them."""

    class Meta:
        proxy = True
        verbose_name = _("person (data requests)")
        verbose_name_plural = _("people (data requests)")
        default_permissions = ()
        permissions = [
            ("export_person", _("Can export a person's data on their request")),
            ("erase_person", _("Can erase a person's account on their request")),
        ]
