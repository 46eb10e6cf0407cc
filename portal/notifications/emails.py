"""Email messages: notifications, digests and queued account emails, built from their rows.

Each message is written at delivery in its recipient's language and time zone (their account's
settings), whoever caused it. HTML templates autoescape like every page; text templates turn
escaping off because they are not HTML. Every notification message names its unsubscribe URL
in `List-Unsubscribe` with RFC 8058's one-click `List-Unsubscribe-Post`, and links to the
preferences page in its footer.

Each message carries a Message-ID derived from its rows, so a copy re-sent after a worker died
between the server's "accepted" and the row's "sent" has the same ID as the first, and mail
clients show one message.
"""

from __future__ import annotations

import hashlib
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.locale import personal_locale

from . import registry
from .models import Notification, OutboundEmail
from .tokens import DIGEST_SCOPE, unsubscribe_token


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def message_id(*parts) -> str:
    """`<part.part@site>`: the shape of make_msgid, but the same every time for the same rows."""
    return "<{}@{}>".format(".".join(str(part) for part in parts), site_domain())


def notification_message_id(notification: Notification) -> str:
    return message_id("notification", notification.pk)


def digest_message_id(*, recipient_id: int, notification_ids: list[int]) -> str:
    """The same rows make the same digest, so a re-sent digest keeps its Message-ID."""
    ids = ",".join(str(pk) for pk in sorted(notification_ids))
    return message_id("digest", recipient_id, hashlib.sha256(ids.encode()).hexdigest()[:24])


def new_message_id() -> str:
    """For an outbox row that stores its ID: unique, chosen once, before the first send."""
    return make_msgid(idstring="account", domain=site_domain())


def _open_url(notification: Notification) -> str:
    """The page that shows the notification, whose button marks it read and goes to the object
    (a GET changes nothing: mail scanners follow links); "" without an object."""
    if not notification.target_url:
        return ""
    return absolute(reverse("notifications:open", kwargs={"pk": notification.pk}))


def _headers(*, unsubscribe_url: str, ids: list[int], message_id: str) -> dict:
    return {
        "Message-ID": message_id,
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "X-Modportal-Notifications": ",".join(str(pk) for pk in ids),
    }


def _message(*, subject: str, to: str, template: tuple[str, str], context: dict, headers: dict):
    text_template, html_template = template
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(text_template, context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(render_to_string(html_template, context), "text/html")
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    """The email of one notification, written in its recipient's language and time zone."""
    with personal_locale(notification.recipient):
        return _notification_message(notification)


def _notification_message(notification: Notification) -> EmailMultiAlternatives:
    event_type = registry.get_or_none(notification.event)
    templates = (
        (event_type.email_text_template, event_type.email_html_template)
        if event_type
        else (registry.GENERIC_EMAIL_TEXT, registry.GENERIC_EMAIL_HTML)
    )
    token = unsubscribe_token(
        user=notification.recipient,
        event=notification.event,
        channel_id=notification.channel_id if event_type and event_type.per_channel else None,
    )
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "recipient": notification.recipient,
        "notification": notification,
        "event_label": registry.label_for(notification.event),
        "data": notification.context,
        "open_url": _open_url(notification),
        "inbox_url": absolute(reverse("notifications:inbox")),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url,
    }
    return _message(
        subject=notification.text,
        to=notification.recipient.email,
        template=templates,
        context=context,
        headers=_headers(
            unsubscribe_url=unsubscribe_url,
            ids=[notification.pk],
            message_id=notification_message_id(notification),
        ),
    )


def digest_groups(rows: list[Notification]) -> list[dict]:
    """Rows grouped by channel, channels by name and platform-wide rows last; rows oldest first."""

    def key(row: Notification):
        return (row.channel is None, str(row.channel or "").lower(), row.channel_id or 0)

    groups = []
    for _key, items in groupby(sorted(rows, key=lambda r: (key(r), r.created_at, r.pk)), key=key):
        items = list(items)
        groups.append({"channel": items[0].channel, "notifications": items})
    return groups


def digest_message(recipient, rows: list[Notification]) -> EmailMultiAlternatives:
    """One email of the rows, each rendered in the recipient's language, times on their clock."""
    with personal_locale(recipient):
        return _digest_message(recipient, rows)


def _digest_message(recipient, rows: list[Notification]) -> EmailMultiAlternatives:
    for row in rows:
        row.open_url = _open_url(row)
    token = unsubscribe_token(user=recipient, event=DIGEST_SCOPE)
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "recipient": recipient,
        "groups": digest_groups(rows),
        "count": len(rows),
        "inbox_url": absolute(reverse("notifications:inbox")),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = ngettext(
        "Your daily digest: %(count)d notification",
        "Your daily digest: %(count)d notifications",
        len(rows),
    ) % {"count": len(rows)}
    return _message(
        subject=subject or _("Your daily digest"),
        to=recipient.email,
        template=("email/notifications/digest.txt", "email/notifications/digest.html"),
        context=context,
        headers=_headers(
            unsubscribe_url=unsubscribe_url,
            ids=[row.pk for row in rows],
            message_id=digest_message_id(
                recipient_id=recipient.pk, notification_ids=[row.pk for row in rows]
            ),
        ),
    )


def outbound_message(email: OutboundEmail) -> EmailMultiAlternatives:
    """A queued account email as written in the request, with the Message-ID it was given."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=email.from_email or None,
        to=[email.to],
        headers={"Message-ID": email.message_id, "Auto-Submitted": "auto-generated"},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message
