"""allauth's adapter (ACCOUNT_ADAPTER): account emails go through the outbox, in the site's look.

allauth sends verification, password-reset and security emails from inside the request. Here
they are rendered as usual, then written to the outbox and sent by a worker once the request's
transaction commits, with retries and the sweep, like notifications: an unreachable mail
server delays the email and never fails the page. They are written in the language and time
zone of the account the address belongs to; to a new address, in the page's language, which
also becomes the new account's language.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.locale import personal_locale

from . import emails, services


def _account_with(email: str):
    """The active account whose address this is, to write to it in its language."""
    found = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    return found.user if found is not None else None


# Plain-text bodies end with the usual signature separator; the HTML version has its own footer.
SIGNATURE_SEPARATOR = "\n-- \n"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new account speaks the language its owner signed up in (the page's)."""
        user = super().save_user(request, user, form, commit=False)
        if not user.language:
            language = translation.get_language() or ""
            user.language = language if language in dict(settings.LANGUAGES) else ""
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        owner = context.get("user") or _account_with(email)
        if owner is not None and getattr(owner, "pk", None):
            with personal_locale(owner):
                self._queue_mail(template_prefix, email, context)
        else:
            self._queue_mail(template_prefix, email, context)

    def _queue_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "account_url": emails.absolute(reverse("account_email")),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        services.account_email_queue(message=message, template=template_prefix)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """allauth's message, with an HTML part in the site's look when the email has no HTML
        template of its own (allauth's security notices): the text, linked, in the frame."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            text = message.body.split(SIGNATURE_SEPARATOR)[0].strip()
            html = render_to_string("account/email/base_message.html", {**context, "text": text})
            message.attach_alternative(html, "text/html")
        return message
