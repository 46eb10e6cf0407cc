import datetime

from django import template
from django.utils import timezone

from portal.markdown import DEFAULT_BELOW, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, below=DEFAULT_BELOW):
    """{{ channel.description|markdown }}: the only way user text becomes HTML.
    `{{ resource.body|markdown:1 }}`: the text sits right under the page's h1, so its
    headings start at h2 (the number is the level of the heading that contains it)."""
    return render_markdown(text, below=int(below))


@register.filter
def can(access, capability: str) -> bool:
    """{% if request.access|can:"can_manage_team" %}: hides buttons; channel_view enforces.

    `access.can()` refuses an unknown capability name, as the decorator does, so a typo fails
    loudly; a template without a channel's access (request.access unset) fails too.
    """
    if not hasattr(access, "can"):
        raise TypeError("|can needs the channel access that channel_view sets on the request")
    return access.can(capability)


@register.filter
def join_value(value) -> str:
    """Audit values for display: lists joined, empty shown as a dash (escaped by the template)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@register.filter
def cell(column, member):
    """A team column's value for one member: `{{ column|cell:member }}` (None when absent)."""
    return column.cells.get(member.pk)


@register.filter
def machine_time(value) -> str:
    """A `<time datetime>` value: ISO 8601 to the second, as HTML allows (no microseconds), in
    UTC whatever the reader's zone (the text beside it is in their zone)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    return value.replace(microsecond=0).isoformat()
