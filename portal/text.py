"""Cleaning the text people type, for every service that stores it; finding the team's
usernames in it (the case-study rule)."""

import re

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


# The shortest username the name check looks for (shorter ones are ordinary words).
NAME_MIN = 3


def name_pattern(name: str) -> re.Pattern:
    """`name` or `@name`, any case, as a whole word (not inside a longer word)."""
    return re.compile(rf"(?<!\w)@?{re.escape(name)}(?!\w)", re.IGNORECASE)


def names_in(names, texts) -> list[str]:
    """The names (of at least NAME_MIN characters) that appear in any of `texts`, sorted."""
    texts = [str(t or "") for t in texts]
    return sorted(
        name
        for name in set(names)
        if len(name) >= NAME_MIN and any(name_pattern(name).search(t) for t in texts)
    )


def without_names(text: str, names, replacement: str) -> str:
    """`text` with every name (and @name) in `names` replaced, longest names first."""
    for name in sorted(set(names), key=len, reverse=True):
        if len(name) >= NAME_MIN:
            text = name_pattern(name).sub(replacement.replace("\\", "\\\\"), text)
    return text
