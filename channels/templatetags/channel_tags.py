from django import template

from channels.audit import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
