from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class PortalFormRenderer(TemplatesSetting):
    """One field template site-wide: label, help, errors linked to the input."""

    field_template_name = "forms/field.html"


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message by its field when the form
    has that field, otherwise with the form-wide errors (a service names its own fields, and
    a form may show only some of them)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _login_form_base():
    from allauth.account.forms import LoginForm

    return LoginForm


class LoginForm(_login_form_base()):
    """allauth's login form, with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
