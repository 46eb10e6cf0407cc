from django import template

from records.models import Endorsement
from records.selectors import public_record

register = template.Library()


@register.inclusion_tag("partials/records/profile.html", takes_context=True)
def past_teams(context, user):
    """The past teams a person chose to show on their profile (removal reasons never)."""
    viewer = context.get("request").user if context.get("request") else None
    entries = [r for r in public_record(user) if not r.is_current]
    return {"entries": entries, "is_self": viewer is not None and viewer.pk == user.pk}


@register.inclusion_tag("partials/records/endorsements.html")
def accepted_endorsements(user):
    """The endorsements a person accepted; nobody sees the others."""
    shown = Endorsement.objects.filter(subject=user, accepted_at__isnull=False).select_related(
        "channel"
    )
    return {"endorsements": list(shown)}
