"""The audit actions the read API writes, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiAction(models.TextChoices):
    TOKEN_CREATED = "api.token_created", _("API token created")
    TOKEN_REVOKED = "api.token_revoked", _("API token revoked")
