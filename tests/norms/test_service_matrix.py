"""Every public norms service (norms.services) × every kind of actor, called directly
(tests/service_matrix.py). The world's channel has published version 1 (by the owner, who
acknowledged it in publishing) and has one more draft norm. Adding a public function to
norms.services without a row (or a NOT_ACTIONS entry) fails `test_every_service_has_a_row`."""

import pytest

from norms import services
from norms.models import DraftNorm, NormTemplate, NormTemplateItem
from tests.norms.factories import LADDER, published
from tests.service_matrix import ACTORS, MEMBERS, Row, check_rows, run_row, world_fixture

pytestmark = pytest.mark.django_db

MANAGERS = {"lead", "owner"}  # can_manage_norms

NOT_ACTIONS = {
    "norm_set_locked": "a read under a row lock, inside the publishing transaction",
    "unacknowledged_members": "a read",
    "norms_send_reminders": "a scheduled step (Celery beat), no person acts",
    "norms_welcome": "run by membership_join, whose actor check is channels'",
}


def _build(world):
    published(world.channel, world.actor("owner"))
    # Starter templates are platform rows kept in the admin, which has no service: written as
    # the admin does (the migration's own templates may be gone after a flushing test).
    template = NormTemplate.objects.create(name="Matrix starter", description="For the matrix.")
    NormTemplateItem.objects.create(template=template, title="No self-promotion", **LADDER)
    world.add("template", template)


world = world_fixture(_build)


def _norm(w, title="No spam"):
    return DraftNorm.objects.get(channel=w.channel, title=title)


ROWS = {
    "norm_create": Row(
        lambda w, a: services.norm_create(channel=w.channel, actor=a, title="No links", **LADDER),
        ok=MANAGERS,
    ),
    "norm_update": Row(
        lambda w, a: services.norm_update(norm=_norm(w), actor=a, title="No spam, ever"),
        ok=MANAGERS,
    ),
    "norm_delete": Row(lambda w, a: services.norm_delete(norm=_norm(w), actor=a), ok=MANAGERS),
    "norm_move": Row(
        lambda w, a: services.norm_move(norm=_norm(w), actor=a, direction="up"), ok=MANAGERS
    ),
    "norm_comment": Row(
        lambda w, a: services.norm_comment(norm=_norm(w), actor=a, body="Too strict?"),
        ok=MANAGERS,
    ),
    "norms_copy_template": Row(
        lambda w, a: services.norms_copy_template(
            channel=w.channel, actor=a, template=w.get("template")
        ),
        ok=MANAGERS,
    ),
    "norms_publish": Row(
        lambda w, a: services.norms_publish(
            channel=w.channel, actor=a, summary="Second", is_material=True
        ),
        ok=MANAGERS,
        setup=lambda w: services.norm_update(
            norm=_norm(w), actor=w.actor("owner"), title="No spam at all"
        ),
    ),
    # Personal: each member acknowledges for themself; the owner did in publishing.
    "norms_acknowledge": Row(
        lambda w, a: services.norms_acknowledge(channel=w.channel, actor=a, number=1),
        ok=MEMBERS,
        quiet={"owner"},
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)
