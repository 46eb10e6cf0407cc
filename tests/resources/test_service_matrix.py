"""Every public training-resources service (resources.services) × every kind of actor,
called directly (tests/service_matrix.py). The world's channel has a checklist shared to the
community library and an unshared article; the other channel shares a guide; an outsider has
reported the shared checklist. Adding a public function to resources.services without a row (or
a NOT_ACTIONS entry) fails `test_every_service_has_a_row`."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from resources import services
from resources.models import ChecklistItem, Kind, Report
from tests.factories import channel_owner, role
from tests.resources.factories import make_resource
from tests.service_matrix import (
    ACTORS,
    MEMBERS,
    SIGNED_IN,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

MANAGERS = {"lead", "owner"}  # can_manage_resources
PLATFORM = {"admin"}  # resources.moderate_resources, held by the superuser

NOT_ACTIONS = {
    "clean_minutes": "a cleaning helper",
    "training_overdue_find": "a scheduled step (Celery beat): acts for no one",
    "clean_tags": "a cleaning helper",
    "clean_items": "a cleaning helper",
    "set_tags": "a step inside resource_create and resource_update",
    "set_items": "a step inside resource_create and resource_update",
    "fill_content": "a step inside resource_create and resource_update",
    "index_for_search": "the search index, refreshed on commit by the services",
}


def _build(world):
    owner = world.actor("owner")
    checklist = make_resource(world.channel, actor=owner, kind=Kind.CHECKLIST, title="Checklist")
    services.resource_share(resource=checklist, actor=owner)
    world.add("checklist", checklist)
    world.add("item", ChecklistItem.objects.filter(resource=checklist).order_by("position")[0])
    world.add("article", make_resource(world.channel, actor=owner, title="Unshared article"))
    other, other_owner = world.other_channel, channel_owner(world.other_channel)
    elsewhere = make_resource(other, actor=other_owner, title="Elsewhere")
    services.resource_share(resource=elsewhere, actor=other_owner)
    world.add("elsewhere", elsewhere)
    report = services.report_create(
        resource=checklist, actor=world.actor("outsider"), reason="Copied from my guide."
    )
    world.add("report", report)


world = world_fixture(_build)


ROWS = {
    "resource_create": Row(
        lambda w, a: services.resource_create(
            channel=w.channel, actor=a, kind=Kind.ARTICLE, title="New guide", body="Text."
        ),
        ok=MANAGERS,
    ),
    "resource_update": Row(
        lambda w, a: services.resource_update(resource=w.get("article"), actor=a, title="Fresh"),
        ok=MANAGERS,
    ),
    "resource_delete": Row(
        lambda w, a: services.resource_delete(resource=w.get("article"), actor=a), ok=MANAGERS
    ),
    "resource_share": Row(
        lambda w, a: services.resource_share(resource=w.get("article"), actor=a), ok=MANAGERS
    ),
    # Copy another channel's shared guide into this channel: a manager of this channel.
    "resource_add_to_channel": Row(
        lambda w, a: services.resource_add_to_channel(
            resource=w.get("elsewhere"), channel=w.channel, actor=a
        ),
        ok=MANAGERS,
    ),
    # Personal progress: members only, each for themself.
    "item_tick": Row(lambda w, a: services.item_tick(item=w.get("item"), actor=a), ok=MEMBERS),
    "resource_mark_done": Row(
        lambda w, a: services.resource_mark_done(resource=w.get("article"), actor=a),
        ok=MEMBERS,
    ),
    # The community library: anyone signed in bookmarks and reports.
    "bookmark_set": Row(
        lambda w, a: services.bookmark_set(resource=w.get("checklist"), actor=a), ok=SIGNED_IN
    ),
    "report_create": Row(
        lambda w, a: services.report_create(
            resource=w.get("elsewhere"), actor=a, reason="This is spam."
        ),
        ok=SIGNED_IN,
    ),
    # Platform moderation: the permission resources.moderate_resources.
    "report_resolve": Row(
        lambda w, a: services.report_resolve(
            report=Report.objects.get(pk=w.pk("report")), actor=a, resolution="Checked."
        ),
        ok=PLATFORM,
    ),
    "resource_feature": Row(
        lambda w, a: services.resource_feature(resource=w.get("checklist"), actor=a),
        ok=PLATFORM,
    ),
    "resource_unpublish": Row(
        lambda w, a: services.resource_unpublish(resource=w.get("checklist"), actor=a),
        ok=PLATFORM,
    ),
    "platform_resource_create": Row(
        lambda w, a: services.platform_resource_create(
            actor=a, kind=Kind.ARTICLE, title="Platform guide", body="For everyone."
        ),
        ok=PLATFORM,
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)


def test_resources_outside_the_library_are_refused(world):
    """The unshared article is the channel's own: nobody outside it bookmarks, reports or
    copies it, and no role of another channel is attached to a resource."""
    article, other = world.get("article"), world.other_channel
    outsider, them = world.actor("outsider"), world.actor("other_owner")
    for call in (
        lambda: services.bookmark_set(resource=article, actor=outsider),
        lambda: services.report_create(resource=article, actor=outsider, reason="Spam."),
        lambda: services.resource_add_to_channel(resource=article, channel=other, actor=them),
    ):
        assert_refused(call, PermissionDenied)
    assert_refused(
        lambda: services.resource_create(
            channel=world.channel,
            actor=world.actor("owner"),
            kind=Kind.ARTICLE,
            title="Roles elsewhere",
            body="Text.",
            roles=[role(other, "Moderator")],
        ),
        ValidationError,
    )
