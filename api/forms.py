from django import forms
from django.utils.translation import gettext_lazy as _

from channels.forms import DateInput

from .models import NAME_MAX, Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("Say what uses it, e.g. “chat bot” or “team dashboard”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may read"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a token that works until you revoke it."),
    )
