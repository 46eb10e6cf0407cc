"""Languages a channel streams in: ISO 639-1 codes with their English names."""

from django.conf.locale import LANG_INFO

LANGUAGE_CHOICES = sorted(
    (
        (code, info["name"])
        for code, info in LANG_INFO.items()
        if "name" in info and "-" not in code
    ),
    key=lambda item: item[1],
)
