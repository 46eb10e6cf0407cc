"""The audit actions the community app writes, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnouncementAction(models.TextChoices):
    POSTED = "announcement.posted", _("Announcement posted")
    PINNED = "announcement.pinned", _("Announcement pinned")
    UNPINNED = "announcement.unpinned", _("Announcement unpinned")
    DELETED = "announcement.deleted", _("Announcement deleted")
