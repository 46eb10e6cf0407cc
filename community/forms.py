import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from channels.forms import clean_avatar
from channels.languages import LANGUAGE_CHOICES
from channels.models import Platform, Role
from portal.models import TIME_ZONE_CHOICES
from resources.models import Resource

from .models import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_TITLE_MAX,
    BIO_MAX,
    EXPERIENCE_MAX,
    LANGUAGES_MAX,
    PRIVATE_FIELDS,
    Profile,
)

DAY_FIELDS = [
    ("hours_mon", _("Monday")),
    ("hours_tue", _("Tuesday")),
    ("hours_wed", _("Wednesday")),
    ("hours_thu", _("Thursday")),
    ("hours_fri", _("Friday")),
    ("hours_sat", _("Saturday")),
    ("hours_sun", _("Sunday")),
]
RANGE = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,2})$")
HOURS_HELP = _("Hours in your time zone, like 18-22 or 9-12, 20-23. Leave empty if none.")


def parse_hours(text: str) -> list[int]:
    """'18-22, 6-8' → [6, 7, 18, 19, 20, 21]: the hours that start inside each range."""
    hours: set[int] = set()
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = RANGE.match(part)
        if not match:
            raise ValidationError(_("Write ranges of whole hours like 18-22, separated by commas."))
        start, end = int(match[1]), int(match[2])
        if not 0 <= start < end <= 24:
            raise ValidationError(
                _(
                    "Each range starts before it ends, between 0 and 24 "
                    "(split ranges past midnight)."
                )
            )
        hours.update(range(start, end))
    return sorted(hours)


def format_hours(hours) -> str:
    ranges: list[list[int]] = []
    for hour in sorted(hours):
        if ranges and ranges[-1][1] == hour:
            ranges[-1][1] = hour + 1
        else:
            ranges.append([hour, hour + 1])
    return ", ".join(f"{start}-{end}" for start, end in ranges)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    avatar = forms.ImageField(
        label=_("Avatar"),
        required=False,
        help_text=_("A PNG, JPEG, WebP or GIF image of at most 1 MB."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)
    bio = forms.CharField(
        label=_("Short bio"), max_length=BIO_MAX, required=False, widget=forms.Textarea
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you moderate in"),
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=_("Up to %(n)d. Hold Ctrl (or Cmd) to choose several.") % {"n": LANGUAGES_MAX},
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        help_text=_("Every time on the portal and in its emails is shown in this time zone."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("As my browser asks"))] + list(settings.LANGUAGES),
        required=False,
        help_text=_("The language of the portal's pages and of the emails it sends you."),
    )
    platforms = forms.MultipleChoiceField(
        label=_("Platforms"),
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    experience = forms.CharField(
        label=_("Experience"),
        max_length=EXPERIENCE_MAX,
        required=False,
        widget=forms.Textarea,
        help_text=_("Channels and communities you have moderated, tools you know."),
    )
    away_until = forms.DateField(
        label=_("Away until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Taking a break? Your teams see it without having to ask."),
    )
    open_to_channels = forms.BooleanField(
        label=_("Open to new channels (list me in the moderator directory)"), required=False
    )
    accepts_invitations = forms.BooleanField(
        label=_("Channels may invite me to their team"), required=False
    )
    private = forms.MultipleChoiceField(
        label=_("Keep private"),
        choices=list(PRIVATE_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only you see these, on your profile, in the directory and on your teams' pages."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in DAY_FIELDS:
            self.fields[name] = forms.CharField(
                label=label, max_length=100, required=False, help_text=HOURS_HELP
            )

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        return clean_avatar(avatar) if avatar else avatar

    def clean_languages(self):
        languages = self.cleaned_data["languages"]
        if len(languages) > LANGUAGES_MAX:
            raise ValidationError(_("Choose at most %(n)d languages.") % {"n": LANGUAGES_MAX})
        return languages

    def clean(self):
        data = super().clean()
        slots = []
        for day, (name, _label) in enumerate(DAY_FIELDS):
            try:
                slots += [day * 24 + hour for hour in parse_hours(data.get(name, ""))]
            except ValidationError as error:
                self.add_error(name, error)
        data["hours"] = slots
        return data

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        user = profile.user
        initial = {
            "display_name": user.display_name,
            "time_zone": user.time_zone,
            "language": user.language,
            "bio": profile.bio,
            "experience": profile.experience,
            "away_until": profile.away_until,
            "open_to_channels": profile.open_to_channels,
            "accepts_invitations": profile.accepts_invitations,
            "languages": [row.code for row in profile.language_rows.all()],
            "platforms": [row.code for row in profile.platform_rows.all()],
            "private": [name for name in PRIVATE_FIELDS if not profile.shows(name)],
        }
        slots = [h.local_slot for h in profile.hours.all()]
        for day, (name, _label) in enumerate(DAY_FIELDS):
            initial[name] = format_hours(s % 24 for s in slots if s // 24 == day)
        return initial


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=80, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any"))] + LANGUAGE_CHOICES, required=False
    )
    platform = forms.ChoiceField(
        label=_("Platform"), choices=[("", _("Any"))] + list(Platform.choices), required=False
    )
    training = forms.ModelChoiceField(
        label=_("Completed training"),
        queryset=Resource.objects.none(),
        required=False,
        empty_label=_("Any"),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, required=False)
    available = forms.CharField(
        label=_("Available during"),
        max_length=40,
        required=False,
        help_text=_("Hours in that time zone, like 18-23."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = Resource.objects.community().order_by("title")

    def clean_available(self):
        return parse_hours(self.cleaned_data.get("available", ""))


class InviteForm(forms.Form):
    """A role in one of the channels the inviter can manage: the role names the channel."""

    role = forms.ModelChoiceField(label=_("Channel and role"), queryset=Role.objects.none())
    message = forms.CharField(
        label=_("Message (optional)"), max_length=1000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
        self.fields["role"].label_from_instance = lambda r: f"{r.channel.name} — {r.name}"


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=ANNOUNCEMENT_TITLE_MAX)
    body = forms.CharField(
        label=_("Message"),
        max_length=ANNOUNCEMENT_BODY_MAX,
        widget=forms.Textarea,
        help_text=_("Markdown works: **bold**, lists, links."),
    )
    is_pinned = forms.BooleanField(label=_("Pin to the team's dashboard"), required=False)
