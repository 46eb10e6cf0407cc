from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def notifications_badge_trigger() -> str:
    """htmx trigger for the header badge: at load, on a timer, and when a view says it changed."""
    seconds = max(1, settings.NOTIFICATIONS_BADGE_POLL_SECONDS)
    return f"load, every {seconds}s, notifications-changed from:body"
