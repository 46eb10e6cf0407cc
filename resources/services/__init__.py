"""Every write of the resources app. One module per area; import from here."""

from .community import (
    bookmark_set,
    platform_resource_create,
    report_create,
    report_resolve,
    resource_add_to_channel,
    resource_feature,
    resource_share,
    resource_unpublish,
)
from .library import RESOURCE_FIELDS, resource_create, resource_delete, resource_update
from .training import item_tick, resource_mark_done

__all__ = [
    "RESOURCE_FIELDS",
    "bookmark_set",
    "item_tick",
    "platform_resource_create",
    "report_create",
    "report_resolve",
    "resource_add_to_channel",
    "resource_create",
    "resource_delete",
    "resource_feature",
    "resource_mark_done",
    "resource_share",
    "resource_unpublish",
    "resource_update",
]
