from django import template

from moderators import selectors

register = template.Library()


@register.simple_tag
def open_positions(channel):
    """{% open_positions channel as openings %}: a channel's open positions, two queries.

    A tag, so a channel's public page shows them without the channels app importing this one.
    """
    return selectors.channel_open_openings(channel=channel)
