"""Demo norms for `manage.py seed_demo`, built through the services: every demo channel gets
two published versions and some, not all, of its team acknowledging the current one.
Safe to run again: a channel that already has versions is left as it is."""

from django.conf import settings

from channels.demo import DEMO_CHANNELS
from channels.models import Membership

from .models import DraftNorm, NormSet, NormTemplate, NormTemplateItem
from .services import norm_update, norms_acknowledge, norms_copy_template, norms_publish
from .starter import STARTER_TEMPLATES, ensure_starter_templates


def seed_norms(*, channels_by_slug: dict) -> list[str]:
    """`channels_by_slug` as seed_demo builds it; only the demo channels get norms."""
    ensure_starter_templates(NormTemplate, NormTemplateItem)
    # Once the catalogues are compiled, the other languages' starter templates too.
    ensure_starter_templates(
        NormTemplate, NormTemplateItem, languages=[c for c, _n in settings.LANGUAGES if c != "en"]
    )
    demo_slugs = {spec["slug"] for spec in DEMO_CHANNELS}
    channels = [c for slug, c in channels_by_slug.items() if slug in demo_slugs]
    lines = ["", "Demo norms (public at /c/<slug>/rules/):"]
    for index, channel in enumerate(sorted(channels, key=lambda c: c.slug)):
        if NormSet.objects.filter(channel=channel, current_number__gte=1).exists():
            continue
        members = list(
            Membership.objects.for_channel(channel).select_related("user").order_by("joined_at")
        )
        owner = next(m.user for m in members if m.is_owner)
        others = [m.user for m in members if not m.is_owner]
        template = NormTemplate.objects.get(
            name=STARTER_TEMPLATES[index % len(STARTER_TEMPLATES)]["name"], language="en"
        )
        norms_copy_template(channel=channel, actor=owner, template=template)
        norms_publish(
            channel=channel,
            actor=owner,
            summary="Our first rules, adapted from the starter set.",
            is_material=True,
        )
        for user in others[:-1]:  # the newest member hasn't read them yet
            norms_acknowledge(channel=channel, actor=user, number=1)
        first = DraftNorm.objects.for_channel(channel).first()
        material = index % 2 == 0
        norm_update(
            norm=first,
            actor=owner,
            explanation=first.explanation + " When in doubt, a moderator reminds first.",
            **({"first_action": "delete"} if material else {}),
        )
        norms_publish(
            channel=channel,
            actor=owner,
            summary="Moderators now delete the message on a first breach."
            if material
            else "Clearer wording for the first norm.",
            is_material=material,
        )
        # Partial acknowledgement: the first member has acknowledged, the rest have not.
        if material and others:
            norms_acknowledge(channel=channel, actor=others[0], number=2)
        lines.append(
            f"  /c/{channel.slug}/rules/  version 2 ({'material' if material else 'wording'})"
        )
    return lines
