"""Every public function of the resources services is either a write whose actor check a test
asserts (named here), or a helper with no acting person. A new service function without an
entry fails here, so it can't ship without its permission test."""

import inspect

from resources.services import common, community, library, training

MANAGE = "test_services.py::test_management_services_refuse_actors_who_cannot_manage"
OUTSIDERS = "test_services.py::test_outsiders_cannot_tick_or_complete"
PLATFORM = "test_services.py::test_feature_and_unpublish"
# service -> the test that calls it as people who may not act and expects a refusal
ACTOR_CHECKED = {
    "resource_create": MANAGE,
    "resource_update": MANAGE,
    "resource_delete": MANAGE,
    "resource_share": MANAGE,
    "resource_add_to_channel": (
        "test_services.py::test_adding_needs_manage_resources_in_the_target_channel"
    ),
    "item_tick": OUTSIDERS,
    "resource_mark_done": OUTSIDERS,
    "bookmark_set": PLATFORM,
    "report_create": "test_services.py::test_reports_and_their_resolution",
    "report_resolve": "test_services.py::test_reports_and_their_resolution",
    "resource_feature": PLATFORM,
    "resource_unpublish": PLATFORM,
    "platform_resource_create": (
        "test_services.py::test_platform_resources_need_the_platform_permission"
    ),
}
# Checks and helpers the services above call; they act for nobody.
NOT_ACTIONS = {
    "clean_minutes",
    "clean_tags",
    "clean_items",
    "set_tags",
    "set_items",
    "fill_content",
    "index_for_search",
}


def public_functions() -> set[str]:
    return {
        name
        for module in (common, community, library, training)
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and value.__module__ == module.__name__
    }


def test_every_resources_service_has_its_actor_test_or_is_no_action():
    assert public_functions() == set(ACTOR_CHECKED) | NOT_ACTIONS
    assert not set(ACTOR_CHECKED) & NOT_ACTIONS
