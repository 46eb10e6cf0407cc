"""The emails recruitment sends itself (to an address with no account yet); everything else
reaches people through notify()."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.notifications import emails

from .models import Invitation


def invitation_email(invitation: Invitation, *, actor) -> EmailMultiAlternatives:
    """The invitation to an address, with the link its token opens (the token is on the
    object only while it is being sent)."""
    channel = invitation.channel
    roles = sorted(role.name for role in invitation.roles.all())
    link = emails.absolute(
        reverse("moderators:invitation_link", kwargs={"token": invitation.link_token})
    )
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "inviter": actor,
        "channel": channel,
        "roles": roles,
        "message": invitation.message,
        "link": link,
        "expires_at": invitation.expires_at,
    }
    # The same sentence as the notification an account gets (invitation.received's summary).
    names = {"inviter": actor.shown_name, "channel": channel.name, "roles": ", ".join(roles)}
    if roles:
        subject = _("%(inviter)s invited you to join the team of %(channel)s as %(roles)s.") % names
    else:
        subject = _("%(inviter)s invited you to join the team of %(channel)s.") % names
    message = EmailMultiAlternatives(
        subject=" ".join(f"[{settings.SITE_NAME}] {subject}".split())[:300],
        body=render_to_string("moderators/invitation_email.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("moderators/invitation_email.html", context), "text/html"
    )
    return message
