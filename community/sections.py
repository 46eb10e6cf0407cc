"""What the community app shows on the pages that gather every app (registered from
plugin.py): the hub's platform announcements and the openings in the user's languages."""

from moderators.selectors import BoardFilters, board_openings

from .models import ProfileLanguage
from .selectors import platform_announcements

HUB_ITEMS = 5


def announcements(request) -> dict:
    return {"announcements": platform_announcements()}


def openings_in_languages(user, limit: int = HUB_ITEMS) -> list:
    """Open positions asking for one of the user's profile languages: two queries."""
    languages = ProfileLanguage.objects.filter(profile__user=user).values("code")
    return list(
        board_openings(filters=BoardFilters())
        .filter(language_rows__code__in=languages)
        .distinct()[:limit]
    )


def language_openings(request) -> dict:
    return {"language_openings": openings_in_languages(request.user)}
