"""A moderator's profile: only its owner writes it.

Rules guarded here, whatever the caller:
- only the signed-in, active person edits their own profile;
- time zone and languages come from the lists, at most LANGUAGES_MAX languages, platforms from
  the list, hours are slots of the week, text is bounded and free of NUL, "away until" is not
  in the past;
- a moderator who opts out of invitations can't be invited by any channel (the gate below is
  registered with the invitation flow, which refuses with its neutral message).
"""

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.languages import LANGUAGE_CHOICES
from channels.models import Platform
from channels.services.guards import require_signed_in
from portal import events
from portal.text import clean_text

from ..models import (
    BIO_MAX,
    EXPERIENCE_MAX,
    HOURS_IN_WEEK,
    LANGUAGES_MAX,
    PRIVATE_FIELDS,
    AvailabilityHour,
    Profile,
    ProfileLanguage,
    ProfilePlatform,
)

LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGE_CHOICES)
DISPLAY_NAME_MAX = 80


def profile_for(user) -> Profile:
    """The user's profile, created empty the first time it is needed."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def utc_offset_hours(time_zone: str, *, at: datetime | None = None) -> int:
    """The zone's whole-hour offset from UTC now (half-hour zones round down)."""
    offset = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(time_zone)).utcoffset()
    return int(offset.total_seconds() // 3600)


def to_utc_slot(local_slot: int, offset_hours: int) -> int:
    return (local_slot - offset_hours) % HOURS_IN_WEEK


def _clean_choices(values, *, allowed, field: str, limit: int | None = None) -> list[str]:
    values = sorted(set(values or ()))
    if any(not isinstance(v, str) or v not in allowed for v in values):
        raise ValidationError({field: _("Choose from the list.")})
    if limit is not None and len(values) > limit:
        raise ValidationError({field: _("Choose at most %(n)d.") % {"n": limit}})
    return values


def _clean_slots(slots) -> list[int]:
    slots = sorted(set(slots or ()))
    if any(
        not isinstance(s, int) or isinstance(s, bool) or not 0 <= s < HOURS_IN_WEEK for s in slots
    ):
        raise ValidationError({"hours": _("Give hours between 0 and 24 on each day.")})
    return slots


@transaction.atomic
def profile_update(
    *,
    user,
    actor,
    display_name: str = "",
    time_zone: str = "UTC",
    language: str | None = None,
    bio: str = "",
    experience: str = "",
    away_until: date | None = None,
    open_to_channels: bool = False,
    accepts_invitations: bool = True,
    languages: Iterable[str] = (),
    platforms: Iterable[str] = (),
    hours: Iterable[int] = (),
    private: Iterable[str] = (),
    avatar=None,
    remove_avatar: bool = False,
) -> Profile:
    """Replace the profile with what the moderator entered. `hours` are local week slots
    (weekday × 24 + hour, Monday 0); `private` names fields from PRIVATE_FIELDS to hide.
    `language` is a code of LANGUAGES or "" (the browser decides); None leaves it as it is."""
    require_signed_in(actor)
    if user is None or user.pk != actor.pk:
        raise PermissionDenied("Moderators edit only their own profile.")
    display_name = clean_text(display_name, field="display_name", limit=DISPLAY_NAME_MAX)
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    if language is None:
        language = user.language
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language from the list.")})
    bio = clean_text(bio, field="bio", limit=BIO_MAX)
    experience = clean_text(experience, field="experience", limit=EXPERIENCE_MAX)
    if away_until is not None and away_until < timezone.localdate():
        raise ValidationError({"away_until": _("Choose a date from today on, or leave it empty.")})
    languages = _clean_choices(
        languages, allowed=LANGUAGE_CODES, field="languages", limit=LANGUAGES_MAX
    )
    platforms = _clean_choices(platforms, allowed=frozenset(Platform.values), field="platforms")
    private = set(_clean_choices(private, allowed=frozenset(PRIVATE_FIELDS), field="private"))
    slots = _clean_slots(hours)

    # Locked: two saves at once must not interleave their language and hour rows.
    profile_for(user)
    profile = Profile.objects.select_for_update().get(user=user)
    User = get_user_model()
    User.objects.filter(pk=user.pk).update(
        display_name=display_name, time_zone=time_zone, language=language
    )
    user.display_name, user.time_zone, user.language = display_name, time_zone, language

    away_changed = away_until is not None and away_until != profile.away_until
    profile.bio, profile.experience, profile.away_until = bio, experience, away_until
    profile.open_to_channels = bool(open_to_channels)
    profile.accepts_invitations = bool(accepts_invitations)
    for field in PRIVATE_FIELDS:
        setattr(profile, f"show_{field}", field not in private)
    old_avatar = profile.avatar.name if profile.avatar else ""
    if avatar:
        profile.avatar = avatar
    elif remove_avatar:
        profile.avatar = ""
    profile.save()
    if old_avatar and old_avatar != (profile.avatar.name or ""):
        storage = profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))

    profile.language_rows.all().delete()
    ProfileLanguage.objects.bulk_create(ProfileLanguage(profile=profile, code=c) for c in languages)
    profile.platform_rows.all().delete()
    ProfilePlatform.objects.bulk_create(ProfilePlatform(profile=profile, code=c) for c in platforms)
    offset = utc_offset_hours(time_zone)
    profile.hours.all().delete()
    AvailabilityHour.objects.bulk_create(
        AvailabilityHour(profile=profile, local_slot=s, utc_slot=to_utc_slot(s, offset))
        for s in slots
    )
    # A person-level fact (no channel): published, not audited; the public profile and the
    # directory render fresh after it (portal/pagecache.py).
    events.publish(
        events.Occurrence(
            event=events.get("profile.updated"),
            channel=None,
            actor=user,
            target=profile,
            after={"username": user.username},
        )
    )
    if away_changed:  # a person-level fact (no channel): published, not audited
        events.publish(
            events.Occurrence(
                event=events.get("profile.away_set"),
                channel=None,
                actor=user,
                target=profile,
                after={"away_until": away_until.isoformat()},
            )
        )
    return profile


def accepts_invitations(user) -> bool:
    """The gate the invitation flow asks: False when the person opted out of invitations."""
    return not Profile.objects.filter(user=user, accepts_invitations=False).exists()
