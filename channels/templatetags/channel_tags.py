from django import template

from channels import audit
from channels.tabs import tabs_for

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return audit.action_label(action)


@register.inclusion_tag("partials/channels/channel_nav.html", takes_context=True)
def channel_tabs(context, channel):
    """The channel's registered tabs this member may see, the current one marked."""
    request = context["request"]
    access = getattr(request, "access", None)
    match = request.resolver_match
    current = match.view_name if match else ""
    return {"channel": channel, "tabs": tabs_for(access=access, channel=channel, current=current)}
