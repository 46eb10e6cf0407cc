"""The audit actions the resources app writes, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceAction(models.TextChoices):
    RESOURCE_CREATED = "resource.created", _("Training resource added")
    RESOURCE_UPDATED = "resource.updated", _("Training resource changed")
    RESOURCE_DELETED = "resource.deleted", _("Training resource deleted")
    RESOURCE_SHARED = "resource.shared", _("Training resource shared with the community")
    RESOURCE_UNSHARED = "resource.unshared", _("Training resource withdrawn from the community")
    RESOURCE_ADDED = "resource.added", _("Community resource added to the library")
    RESOURCE_FEATURED = "resource.featured", _("Shared resource featured by the platform")
    RESOURCE_UNPUBLISHED = "resource.unpublished", _("Shared resource unpublished by the platform")
    TRAINING_OVERDUE = "training.overdue", _("Required training overdue")
