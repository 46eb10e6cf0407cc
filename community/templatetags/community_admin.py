"""Platform-wide figures for the admin index: four counting queries."""

from django import template
from django.urls import reverse

from channels.models import Channel, Membership
from moderators.models import Opening, OpeningState
from portal.notifications.models import Notification, State

register = template.Library()


@register.inclusion_tag("admin/community_figures.html")
def platform_figures():
    return {
        "figures": [
            ("channels", Channel.objects.count(), reverse("admin:channels_channel_changelist")),
            (
                "moderators",
                Membership.objects.values("user_id").distinct().count(),
                reverse("admin:community_profile_changelist"),
            ),
            (
                "open_positions",
                Opening.objects.filter(state=OpeningState.OPEN).count(),
                reverse("admin:moderators_opening_changelist") + "?state__exact=open",
            ),
            (
                "notifications_waiting",
                Notification.objects.filter(state__in=[State.PENDING, State.SENDING]).count(),
                reverse("admin:notifications_notification_changelist") + "?state__exact=pending",
            ),
        ]
    }
