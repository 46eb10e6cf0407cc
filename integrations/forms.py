from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalogue
from .models import EndpointKind, Level


def event_choices():
    return [(event.name, event.label) for event in catalogue.offered()]


class EndpointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("For example “Mod chat”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=EndpointKind.choices)
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("In Discord: Server Settings → Integrations → Webhooks → Copy Webhook URL."),
    )
    level = forms.ChoiceField(label=_("Events it may receive"), choices=Level.choices)
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=event_choices
    )

    mention_role = forms.RegexField(
        label=_("Discord role to ping (optional)"),
        regex=r"^[0-9]{17,20}$",
        required=False,
        max_length=20,
        help_text=_(
            "Discord webhooks only. Leave empty and nobody is pinged. To ping a role, paste its "
            "ID: in Discord, turn on Developer Mode, then right-click the role → Copy Role ID."
        ),
        error_messages={"invalid": _("A Discord role ID is 17 to 20 digits.")},
    )

    def clean_name(self):
        name = self.cleaned_data["name"]
        if "\x00" in name:
            raise forms.ValidationError(_("Remove the invisible characters."))
        return name


class EndpointEditForm(forms.Form):
    name = EndpointForm.base_fields["name"]
    level = EndpointForm.base_fields["level"]
    events = EndpointForm.base_fields["events"]
    mention_role = EndpointForm.base_fields["mention_role"]
    is_enabled = forms.BooleanField(label=_("On: send events to this webhook"), required=False)
    clean_name = EndpointForm.clean_name
