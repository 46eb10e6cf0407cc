"""What the community app holds about a person (registered from plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

from .models import Profile


def profile(user):
    found = []
    for p in Profile.objects.filter(user=user).prefetch_related(
        "language_rows", "platform_rows", "hours"
    ):
        found.append(
            {
                "bio": p.bio,
                "experience": p.experience,
                "avatar": p.avatar.name if p.avatar else "",
                "away_until": p.away_until,
                "open_to_channels": p.open_to_channels,
                "accepts_invitations": p.accepts_invitations,
                "languages": [row.code for row in p.language_rows.all()],
                "platforms": [row.code for row in p.platform_rows.all()],
                "hours_local_slots": sorted(h.local_slot for h in p.hours.all()),
                "updated_at": p.updated_at,
            }
        )
    return found


def profile_erase(user):
    for p in Profile.objects.filter(user=user):
        if p.avatar:
            p.avatar.delete(save=False)  # the file too, not only the row
    return Profile.objects.filter(user=user)


ENTRIES = [
    PersonalData(
        model="community.Profile",
        field="user",
        kind="profile",
        description=_("Your moderator profile: bio, experience, languages, platforms, hours."),
        rows=profile,
        select=profile_erase,
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="community.Announcement",
        field="author",
        kind="announcements",
        description=_("Announcements you posted to a team."),
        fields=("channel__slug", "title", "body", "created_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="community.PlatformAnnouncement",
        field="created_by",
        kind="platform_announcements",
        description=_("Platform announcements you wrote as staff."),
        fields=("title", "created_at"),
        erase=Erase.KEEP,
    ),
]
