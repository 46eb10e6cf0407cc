"""Forms of the invitations: parse and validate shape; the rules live in the service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from channels.forms import RoleChoiceField
from channels.models import Channel, Role

from .models import INVITATION_MESSAGE_MAX


class InvitationForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("Someone who already has an account here."),
    )
    email = forms.EmailField(
        label=_("or email address"),
        max_length=254,
        required=False,
        help_text=_("Anyone, with or without an account: they get a link to sign up and accept."),
    )
    roles = RoleChoiceField(
        label=_("Roles offered"),
        queryset=Role.objects.none(),
        required=False,
        help_text=_("You can offer only roles whose capabilities you hold yourself."),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=INVITATION_MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Plain text, shown with your name."),
    )

    def __init__(self, *args, channel: Channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = Role.objects.for_channel(channel).order_by(
            "position", "name"
        )

    def clean(self):
        data = super().clean()
        username = (data.get("username") or "").strip()
        email = (data.get("email") or "").strip()
        if not self.errors and bool(username) == bool(email):
            raise ValidationError(_("Give either a username or an email address."))
        return data


class DeclineForm(forms.Form):
    block = forms.BooleanField(
        label=_("Don't let this channel invite me again"),
        required=False,
        help_text=_("Otherwise the channel can invite you again after 30 days."),
    )
