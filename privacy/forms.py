from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeletionForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased."), required=True
    )


class ChannelDeletionForm(forms.Form):
    confirm_slug = forms.CharField(
        label=_("Type the channel's address to confirm"), max_length=60, strip=True
    )
