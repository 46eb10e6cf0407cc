"""Parse and validate input; every choice limited to the channel. No writes here."""

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from PIL import Image

from portal.models import TIME_ZONE_CHOICES

from .audit import action_choices
from .defaults import ROLE_TEMPLATES
from .languages import LANGUAGE_CHOICES
from .models import Capability, Channel, Membership, Platform, Role, Visibility

AVATAR_MAX_BYTES = 1024 * 1024
AVATAR_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
AVATAR_MAX_PIXELS = 4096


def clean_avatar(image):
    if not image:
        return image
    if image.size > AVATAR_MAX_BYTES:
        raise ValidationError(_("Choose an image of at most 1 MB."))
    try:
        image.seek(0)
        with Image.open(image) as picture:
            kind, (width, height) = picture.format, picture.size
            picture.verify()
    except Exception as error:
        raise ValidationError(_("Choose a PNG, JPEG, WebP or GIF image.")) from error
    finally:
        image.seek(0)
    if kind not in AVATAR_FORMATS:
        raise ValidationError(_("Choose a PNG, JPEG, WebP or GIF image."))
    if width > AVATAR_MAX_PIXELS or height > AVATAR_MAX_PIXELS:
        raise ValidationError(_("Choose an image at most 4096 pixels wide and high."))
    # The stored name's extension follows the real format, not what the uploader called it.
    image.name = f"avatar.{kind.lower()}"
    return image


def normalise_platform_url(value: str) -> str:
    value = (value or "").strip()
    if value and "://" not in value:
        value = "https://" + value
    return value


class ColorInput(forms.TextInput):
    """A colour picker. It always holds a colour, and HTML forbids `required` on it."""

    input_type = "color"

    def use_required_attribute(self, initial):
        return False


class DateInput(forms.DateInput):
    """A date picker. HTML allows only YYYY-MM-DD as its value: any other text (typed into the
    URL of a filter) is left out, and the field's error says what to enter."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        if value is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return None
        try:
            date.fromisoformat(value)
        except ValueError:
            return None
        return value


def default_language() -> str:
    """The page's language, as one of LANGUAGES (the channel form's default)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return "en"


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Display name"), max_length=80)
    slug = forms.CharField(
        label=_("Address"),
        max_length=40,
        min_length=3,
        help_text=_(
            # Help text is HTML (Django does not escape it): spell out the angle brackets.
            "Your channel's page will be /c/&lt;address&gt;/. Lowercase letters, digits and "
            "hyphens."
        ),
    )
    platform = forms.ChoiceField(label=_("Streaming platform"), choices=Platform.choices)
    platform_url = forms.CharField(
        label=_("Channel address on the platform"),
        max_length=200,
        help_text=_("For example twitch.tv/yourname"),
    )
    description = forms.CharField(
        label=_("About the channel"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you stream and what your community is like. Markdown works."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC")
    language = forms.ChoiceField(
        label=_("Language of the team's defaults"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_(
            "New default roles, starter norms and training are offered in this language. "
            "You can rename everything afterwards."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
    )
    avatar = forms.ImageField(
        label=_("Avatar"),
        required=False,
        help_text=_("PNG, JPEG, WebP or GIF, at most 1 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
    )

    def __init__(self, *args, channel: Channel | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["language"].initial = default_language()
        if channel is not None:
            del self.fields["slug"]  # the address is permanent: links to it must keep working

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        field = Channel._meta.get_field("slug")
        for validator in field.validators:
            validator(slug)
        if Channel.objects.filter(slug=slug).exists():
            raise ValidationError(_("That address is taken. Try another."))
        return slug

    def clean_language(self):
        """Left out (an older form): the channel keeps its language, a new one takes the page's."""
        chosen = self.cleaned_data.get("language")
        if chosen:
            return chosen
        return self.channel.language if self.channel is not None else default_language()

    def clean_platform_url(self):
        value = normalise_platform_url(self.cleaned_data["platform_url"])
        forms.URLField(assume_scheme="https").clean(value)
        return value

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        return clean_avatar(avatar) if avatar else avatar


class RoleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, role):
        return role.name


class MemberRolesForm(forms.Form):
    roles = RoleChoiceField(label=_("Roles"), queryset=Role.objects.none(), required=False)

    def __init__(self, *args, channel: Channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = Role.objects.for_channel(channel).order_by(
            "position", "name"
        )


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the member and kept in the audit log."),
    )


class RoleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(
        label=_("Responsibilities"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What someone in this role does. Markdown works."),
    )
    colour = forms.RegexField(
        label=_("Colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#6d28d9",
        widget=ColorInput(),
        error_messages={"invalid": _("Use a colour like #6d28d9.")},
    )
    capabilities = forms.MultipleChoiceField(
        label=_("Capabilities"),
        choices=Capability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Names unique per channel in any case: the service and a database constraint decide.


class RoleTemplateForm(forms.Form):
    template = forms.ChoiceField(choices=[(t["key"], t["name"]) for t in ROLE_TEMPLATES])


class RoleMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class TransferOwnershipForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("New owner"), queryset=Membership.objects.none(), empty_label=_("Choose a member")
    )
    confirm = forms.CharField(label=_("Type the channel's address to confirm"), max_length=40)

    def __init__(self, *args, channel: Channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["member"].queryset = (
            Membership.objects.for_channel(channel)
            .filter(is_owner=False)
            .select_related("user")
            .order_by("user__username")
        )
        self.fields["member"].label_from_instance = lambda m: m.user.username

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != self.channel.slug:
            raise ValidationError(
                _("Type %(slug)s exactly to confirm."), params={"slug": self.channel.slug}
            )
        return self.cleaned_data["confirm"]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"list": "audit-actors"}),
    )
    action = forms.ChoiceField(label=_("What"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any change")), *action_choices()]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("Choose a date on or after the start date."))
        return data
