"""Helpers the resource services share: cleaning text, tags and items, the search index."""

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Value
from django.utils.translation import gettext as _

from portal.text import clean_text

from ..models import (
    ITEM_MAX,
    ITEMS_MAX,
    MINUTES_MAX,
    TAG_MAX,
    TAGS_MAX,
    Resource,
    ResourceTag,
)

SEARCH_CONFIG = "english"


def clean_minutes(value) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"estimated_minutes": _("Enter a number of minutes.")}) from None
    if not 1 <= minutes <= MINUTES_MAX:
        raise ValidationError(
            {"estimated_minutes": _("Enter between 1 and %(max)s minutes.") % {"max": MINUTES_MAX}}
        )
    return minutes


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Lowercase words joined by hyphens, at most TAGS_MAX, each at most TAG_MAX characters."""
    if isinstance(tags, str):
        tags = tags.split(",")
    names = []
    for raw in tags:
        name = re.sub(r"[^\w-]+", "-", clean_text(raw, field="tags").lower()).strip("-")
        if not name:
            continue
        if len(name) > TAG_MAX:
            raise ValidationError(
                {"tags": _("Keep each tag under %(max)s characters.") % {"max": TAG_MAX}}
            )
        if name not in names:
            names.append(name)
    if len(names) > TAGS_MAX:
        raise ValidationError({"tags": _("Use at most %(max)s tags.") % {"max": TAGS_MAX}})
    return names


def clean_items(items: Iterable[str] | str) -> list[str]:
    if isinstance(items, str):
        items = items.splitlines()
    texts = [clean_text(item, field="items") for item in items]
    texts = [text for text in texts if text]
    if not texts:
        raise ValidationError({"items": _("Write at least one item, one per line.")})
    if len(texts) > ITEMS_MAX:
        raise ValidationError({"items": _("Use at most %(max)s items.") % {"max": ITEMS_MAX}})
    if any(len(text) > ITEM_MAX for text in texts):
        raise ValidationError(
            {"items": _("Keep each item under %(max)s characters.") % {"max": ITEM_MAX}}
        )
    return texts


def set_tags(resource: Resource, names: list[str]) -> None:
    ResourceTag.objects.filter(resource=resource).delete()
    ResourceTag.objects.bulk_create(
        ResourceTag(channel_id=resource.channel_id, resource=resource, name=name) for name in names
    )


def index_for_search(resource_ids: Iterable[int]) -> None:
    """Refresh the full-text vector (PostgreSQL only; SQLite searches with LIKE)."""
    if connection.vendor != "postgresql":
        return
    resources = Resource.objects.filter(pk__in=list(resource_ids)).prefetch_related("tags")
    for resource in resources:
        tags = " ".join(tag.name for tag in resource.tags.all())
        Resource.objects.filter(pk=resource.pk).update(
            search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", Value(tags), weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        )
