"""Cleaning the text people type, for every service that stores it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def clean_text(value, *, field: str, limit: int | None = None, required: bool | str = False) -> str:
    """The value stripped, or a ValidationError keyed to `field`: not text, a NUL byte, longer
    than `limit`, or blank when `required` (True, or the message to show when it is blank)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("Write this as text.")})
    value = value.strip()
    if "\x00" in value:
        raise ValidationError({field: _("Remove the invisible control characters from this text.")})
    if limit is not None and len(value) > limit:
        raise ValidationError(
            {field: _("Keep this to %(limit)s characters or fewer.") % {"limit": limit}}
        )
    if required and not value:
        message = required if isinstance(required, str) else _("This field is required.")
        raise ValidationError({field: message})
    return value
