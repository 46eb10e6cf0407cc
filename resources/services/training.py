"""Working through a channel's library: ticking checklist items and marking resources done.
Members act only for themselves, only in their own channel."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from channels.services.guards import ensure_writable, require_member

from ..models import ChecklistItem, Completion, ItemTick, Kind, Resource


@transaction.atomic
def item_tick(*, item: ChecklistItem, actor, ticked: bool = True) -> bool:
    """Tick (or untick) one item of a channel checklist; the checklist is complete exactly when
    every item is ticked. Returns whether the checklist is now complete for the actor."""
    resource = item.resource
    if resource.channel_id is None or item.channel_id != resource.channel_id:
        raise ValidationError(_("Add this checklist to your channel's library to tick it off."))
    require_member(resource.channel, actor)
    ensure_writable(resource.channel)
    if ticked:
        ItemTick.objects.get_or_create(
            item=item, user=actor, defaults={"channel_id": item.channel_id, "resource": resource}
        )
    else:
        ItemTick.objects.filter(item=item, user=actor).delete()
    total = ChecklistItem.objects.filter(resource=resource).count()
    done = ItemTick.objects.filter(resource=resource, user=actor).count()
    complete = total > 0 and done == total
    if complete:
        Completion.objects.get_or_create(
            resource=resource, user=actor, defaults={"channel_id": resource.channel_id}
        )
    else:
        Completion.objects.filter(resource=resource, user=actor).delete()
    return complete


@transaction.atomic
def resource_mark_done(*, resource: Resource, actor, done: bool = True) -> None:
    """Record (or take back) that the actor has read, followed or studied a resource. A
    checklist is done by ticking its items instead."""
    if resource.channel_id is None:
        raise ValidationError(_("Add this resource to your channel's library to track it."))
    require_member(resource.channel, actor)
    ensure_writable(resource.channel)
    if resource.kind == Kind.CHECKLIST:
        raise ValidationError(_("A checklist is done when every item is ticked."))
    if resource.kind == Kind.EXERCISE:
        raise ValidationError(_("An exercise is done when you pass it."))
    if done:
        Completion.objects.get_or_create(
            resource=resource, user=actor, defaults={"channel_id": resource.channel_id}
        )
    else:
        Completion.objects.filter(resource=resource, user=actor).delete()
