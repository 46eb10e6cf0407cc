"""Reads of the community pages. Each states its query count; none grows with the data."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from channels.models import Channel, Membership, Visibility
from channels.selectors import role_coverage  # noqa: F401 - the health page's roles section
from resources.models import Completion, Resource

from .models import HOURS_IN_WEEK, Announcement, AvailabilityHour, PlatformAnnouncement, Profile
from .services.profiles import to_utc_slot, utc_offset_hours

WEEKDAYS = range(7)


@dataclass
class DirectoryFilters:
    q: str = ""
    language: str = ""
    platform: str = ""
    training: Resource | None = None
    time_zone: str = ""
    hours: list[int] = field(default_factory=list)  # local hours of the day in time_zone

    @property
    def active(self) -> bool:
        return bool(self.q or self.language or self.platform or self.training or self.hours)


def directory(filters: DirectoryFilters) -> QuerySet[Profile]:
    """Moderators open to new channels. A private field is never matched by a filter (that
    would reveal it). Per page: one query for the profiles with their users, two prefetches."""
    profiles = Profile.objects.filter(open_to_channels=True, user__is_active=True)
    if filters.q:
        profiles = profiles.filter(
            Q(user__username__icontains=filters.q) | Q(user__display_name__icontains=filters.q)
        )
    if filters.language:
        profiles = profiles.filter(
            Exists(profile_rows("language_rows", filters.language)), show_languages=True
        )
    if filters.platform:
        profiles = profiles.filter(
            Exists(profile_rows("platform_rows", filters.platform)), show_platforms=True
        )
    if filters.training is not None:
        done = Completion.objects.filter(user=OuterRef("user"), resource=filters.training)
        profiles = profiles.filter(Exists(done), show_training=True)
    if filters.hours and filters.time_zone:
        offset = utc_offset_hours(filters.time_zone)
        slots = {to_utc_slot(day * 24 + hour, offset) for day in WEEKDAYS for hour in filters.hours}
        overlap = AvailabilityHour.objects.filter(profile=OuterRef("pk"), utc_slot__in=slots)
        profiles = profiles.filter(Exists(overlap), show_hours=True)
    return (
        profiles.select_related("user")
        .prefetch_related("language_rows", "platform_rows")
        .order_by("user__username")
    )


def profile_rows(relation: str, code: str):
    model = Profile._meta.get_field(relation).related_model
    return model.objects.filter(profile=OuterRef("pk"), code=code)


def hour_ranges(slots) -> list[tuple[int, list[tuple[int, int]]]]:
    """[(weekday, [(start, end), …]), …] from week slots, consecutive hours merged."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for slot in sorted(slots):
        day, hour = divmod(slot, 24)
        ranges = by_day.setdefault(day, [])
        if ranges and ranges[-1][1] == hour:
            ranges[-1] = (ranges[-1][0], hour + 1)
        else:
            ranges.append((hour, hour + 1))
    return sorted(by_day.items())


@dataclass
class ProfilePage:
    profile: Profile
    is_self: bool
    languages: list
    platforms: list
    hours: list
    memberships: list
    training: list


def profile_page(*, profile: Profile, viewer) -> ProfilePage:
    """What the viewer may see of a profile. The owner sees everything (marked private where
    it is); others only the shown fields and the listed memberships of public channels.
    Six queries at most, however many channels or completions."""
    is_self = viewer.is_authenticated and viewer.pk == profile.user_id

    def visible(name):
        return is_self or profile.shows(name)

    languages = (
        [row.get_code_display() for row in profile.language_rows.all()]
        if visible("languages")
        else []
    )
    platforms = (
        [row.get_code_display() for row in profile.platform_rows.all()]
        if visible("platforms")
        else []
    )
    hours = (
        hour_ranges(profile.hours.values_list("local_slot", flat=True)) if visible("hours") else []
    )
    memberships = (
        Membership.objects.filter(user_id=profile.user_id)
        .select_related("channel")
        .prefetch_related("roles")
        .order_by("channel__name")
    )
    if not is_self:
        memberships = memberships.filter(
            is_listed=True,
            channel__visibility=Visibility.PUBLIC,
            channel__archived_at__isnull=True,
            channel__suspended_at__isnull=True,
        )
    training = []
    if visible("training"):
        training = list(
            Resource.objects.community()
            .filter(
                Exists(Completion.objects.filter(resource=OuterRef("pk"), user_id=profile.user_id))
            )
            .order_by("title")[:50]
        )
    return ProfilePage(
        profile=profile,
        is_self=is_self,
        languages=languages,
        platforms=platforms,
        hours=hours,
        memberships=list(memberships),
        training=training,
    )


# Team health -------------------------------------------------------------------------------


def away_members(channel: Channel) -> list[Membership]:
    """Members away today or later who show it: one query."""
    return list(
        Membership.objects.for_channel(channel)
        .filter(
            user__community_profile__away_until__gte=timezone.localdate(),
            user__community_profile__show_away=True,
        )
        .select_related("user", "user__community_profile")
        .order_by("user__community_profile__away_until", "user__username")
    )


def week_coverage(channel: Channel) -> list[int]:
    """Members available in each UTC hour of the week (168 counts), counted in the database:
    one query. Hours kept private and members away today don't count."""
    today = timezone.localdate()
    rows = (
        AvailabilityHour.objects.filter(
            profile__show_hours=True,
            profile__user__memberships__channel=channel,
            profile__user__is_active=True,
        )
        .exclude(profile__away_until__gte=today, profile__show_away=True)
        .values("utc_slot")
        .annotate(members=Count("profile", distinct=True))
    )
    counts = [0] * HOURS_IN_WEEK
    for row in rows:
        counts[row["utc_slot"]] = row["members"]
    return counts


def shift(counts: list[int], offset_hours: int) -> list[int]:
    """UTC week counts seen from a zone `offset_hours` ahead of UTC (local slot order)."""
    return [counts[to_utc_slot(slot, offset_hours)] for slot in range(HOURS_IN_WEEK)]


def announcements_for(channel: Channel) -> QuerySet[Announcement]:
    return Announcement.objects.for_channel(channel).select_related("author")


def pinned_for_user(user, limit: int = 5) -> list[Announcement]:
    """Pinned announcements of the user's channels, newest first: one query."""
    return list(
        Announcement.objects.filter(
            is_pinned=True, channel__in=Membership.objects.filter(user=user).values("channel_id")
        )
        .select_related("channel", "author")
        .order_by("-created_at", "-id")[:limit]
    )


def platform_announcements(limit: int = 5) -> list[PlatformAnnouncement]:
    return list(PlatformAnnouncement.objects.filter(is_published=True)[:limit])
