from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class PortalFormRenderer(TemplatesSetting):
    """One field template site-wide: label, help, errors linked to the input."""

    field_template_name = "forms/field.html"


def _login_form_base():
    from allauth.account.forms import LoginForm

    return LoginForm


class LoginForm(_login_form_base()):
    """allauth's login form, with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
