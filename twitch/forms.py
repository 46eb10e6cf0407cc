"""Forms of the sync page; choices are this channel's only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import STATUS_OR_NONE


class RoleStatusForm(forms.Form):
    """One select per role of the channel: moderator, VIP or no Twitch status."""

    def __init__(self, *args, roles_with_status, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = {}
        for role, status in roles_with_status:
            name = f"role_{role.pk}"
            self.roles[name] = role
            self.fields[name] = forms.ChoiceField(
                label=role.name, choices=STATUS_OR_NONE, required=False, initial=status
            )

    def changes(self):
        """[(role, status)] for every role in the form."""
        return [(role, self.cleaned_data.get(name) or "") for name, role in self.roles.items()]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, unlink this channel from Twitch"), required=True)
