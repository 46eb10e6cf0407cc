"""The draft: norms the team edits, reorders and comments on before publishing."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from channels.models import Capability, Channel
from channels.services import audit_changes, audit_record
from channels.services.guards import require_manager
from portal.text import clean_text

from ..audit import NormsAction
from ..models import (
    COMMENT_MAX,
    EXAMPLES_MAX,
    EXPLANATION_MAX,
    KEY_MAX,
    NORMS_MAX,
    TIMEOUT_MAX_MINUTES,
    TITLE_MAX,
    Action,
    Category,
    DraftNorm,
    NormComment,
    NormTemplate,
    key_from_title,
)

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

NORM_FIELDS = (
    "title",
    "explanation",
    "category",
    "allowed_examples",
    "not_allowed_examples",
    "first_action",
    "first_timeout",
    "repeated_action",
    "repeated_timeout",
    "severe_action",
    "severe_timeout",
)
TEXT_LIMITS = {
    "title": TITLE_MAX,
    "explanation": EXPLANATION_MAX,
    "allowed_examples": EXAMPLES_MAX,
    "not_allowed_examples": EXAMPLES_MAX,
}
BREACH_NAMES = ("first", "repeated", "severe")


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(NORM_FIELDS) - {"key"}
    if unknown:
        raise TypeError(f"not norm fields: {sorted(unknown)}")
    cleaned = {}
    if "key" in fields:
        key = clean_text(fields["key"], field="key", limit=KEY_MAX).lower()
        if key and not KEY_PATTERN.fullmatch(key):
            raise ValidationError(
                {"key": _("Use lowercase letters, digits and hyphens, e.g. “spam”.")}
            )
        cleaned["key"] = key
    for key, limit in TEXT_LIMITS.items():
        if key in fields:
            cleaned[key] = clean_text(fields[key], field=key, limit=limit)
    if "title" in cleaned and not cleaned["title"]:
        raise ValidationError({"title": _("Give the norm a short title.")})
    if "category" in fields:
        if fields["category"] not in Category.values:
            raise ValidationError({"category": _("Choose a category from the list.")})
        cleaned["category"] = fields["category"]
    for breach in BREACH_NAMES:
        action_key, timeout_key = f"{breach}_action", f"{breach}_timeout"
        if action_key in fields:
            if fields[action_key] not in Action.values:
                raise ValidationError({action_key: _("Choose an action from the list.")})
            cleaned[action_key] = fields[action_key]
        if timeout_key in fields:
            cleaned[timeout_key] = fields[timeout_key]
    return cleaned


def _check_ladder(norm: DraftNorm) -> None:
    for breach in BREACH_NAMES:
        key = f"{breach}_timeout"
        minutes = getattr(norm, key)
        if getattr(norm, f"{breach}_action") != Action.TIMEOUT:
            setattr(norm, key, None)
            continue
        if minutes is None or isinstance(minutes, bool) or not isinstance(minutes, int):
            raise ValidationError({key: _("Say how many minutes the timeout lasts.")})
        if not 1 <= minutes <= TIMEOUT_MAX_MINUTES:
            raise ValidationError(
                {
                    key: _("A timeout lasts between 1 and %(max)s minutes (two weeks).")
                    % {"max": TIMEOUT_MAX_MINUTES}
                }
            )


def _check_title_free(norm: DraftNorm) -> None:
    taken = (
        DraftNorm.objects.for_channel(norm.channel_id)
        .annotate(lower=Lower("title"))
        .filter(lower=norm.title.lower())
        .exclude(pk=norm.pk)
    )
    if taken.exists():
        raise ValidationError({"title": _("Another norm already has this title: choose another.")})


def _taken_keys(norm: DraftNorm) -> set[str]:
    return set(
        DraftNorm.objects.for_channel(norm.channel_id)
        .exclude(pk=norm.pk)
        .values_list("key", flat=True)
    )


def _check_key(norm: DraftNorm) -> None:
    """An empty key is made from the title; a typed one must be free in the channel."""
    taken = _taken_keys(norm)
    if not norm.key:
        norm.key = key_from_title(norm.title, taken)
    elif norm.key in taken:
        raise ValidationError({"key": _("Another norm already has this key: choose another.")})


def _snapshot(norm: DraftNorm) -> dict:
    data = norm.snapshot()
    return {"title": data["title"], "category": data["category"], "ladder": data["enforcement"]}


@transaction.atomic
def norm_create(*, channel: Channel, actor, **fields) -> DraftNorm:
    """A new norm at the end of the draft. Titles are unique in the draft (ignoring case)."""
    require_manager(channel, actor, Capability.MANAGE_NORMS)
    cleaned = _clean_fields(fields)
    if "title" not in cleaned:
        raise ValidationError({"title": _("Give the norm a short title.")})
    drafts = DraftNorm.objects.for_channel(channel)
    if drafts.count() >= NORMS_MAX:
        raise ValidationError(
            _("A channel has at most %(max)s norms: merge or remove some first.")
            % {"max": NORMS_MAX}
        )
    last = drafts.aggregate(last=Max("position"))["last"]
    norm = DraftNorm(channel=channel, position=0 if last is None else last + 1, **cleaned)
    _check_ladder(norm)
    _check_title_free(norm)
    _check_key(norm)
    norm.full_clean()
    norm.save()
    audit_record(
        channel=channel,
        actor=actor,
        action=NormsAction.NORM_ADDED,
        target=norm,
        after=_snapshot(norm),
    )
    return norm


@transaction.atomic
def norm_update(*, norm: DraftNorm, actor, **fields) -> DraftNorm:
    """Change a draft norm; nothing changed writes nothing."""
    require_manager(norm.channel, actor, Capability.MANAGE_NORMS)
    cleaned = _clean_fields(fields)
    norm = DraftNorm.objects.select_for_update().get(pk=norm.pk)
    before = norm.snapshot()
    for key, value in cleaned.items():
        setattr(norm, key, value)
    _check_ladder(norm)
    _check_title_free(norm)
    _check_key(norm)
    norm.full_clean()
    after = norm.snapshot()
    if after == before:
        return norm
    norm.save()
    audit_changes(
        channel=norm.channel,
        actor=actor,
        action=NormsAction.NORM_UPDATED,
        target=norm,
        before=before,
        after=after,
    )
    return norm


@transaction.atomic
def norm_delete(*, norm: DraftNorm, actor) -> None:
    """Remove a norm from the draft; published versions keep it. Its comments stay, with the
    norm's title, and go with the next version."""
    require_manager(norm.channel, actor, Capability.MANAGE_NORMS)
    audit_record(
        channel=norm.channel,
        actor=actor,
        action=NormsAction.NORM_REMOVED,
        target=norm,
        before=_snapshot(norm),
    )
    norm.delete()


@transaction.atomic
def norm_move(*, norm: DraftNorm, actor, direction: str) -> DraftNorm:
    """Swap a norm with its neighbour; at either end nothing happens."""
    require_manager(norm.channel, actor, Capability.MANAGE_NORMS)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a norm up or down.")})
    norms = list(
        DraftNorm.objects.for_channel(norm.channel_id)
        .select_for_update()
        .order_by("position", "id")
    )
    index = next(i for i, n in enumerate(norms) if n.pk == norm.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(norms):
        return norm
    before = [n.title for n in norms]
    norms[index], norms[other] = norms[other], norms[index]
    for position, item in enumerate(norms):
        item.position = position
    DraftNorm.objects.bulk_update(norms, ["position"])
    audit_record(
        channel=norm.channel,
        actor=actor,
        action=NormsAction.NORM_MOVED,
        target=norm,
        before={"order": before},
        after={"order": [n.title for n in norms]},
    )
    return norms[other]


@transaction.atomic
def norm_comment(*, norm: DraftNorm, actor, body: str) -> NormComment:
    """A comment on a draft norm, from a member who can see the draft. It stays with the
    version it led to."""
    require_manager(norm.channel, actor, Capability.MANAGE_NORMS)
    body = clean_text(body, field="body", limit=COMMENT_MAX)
    if not body:
        raise ValidationError({"body": _("Write your comment first.")})
    comment = NormComment.objects.create(
        channel=norm.channel,
        norm=norm,
        norm_title=norm.title,
        author=actor,
        author_name=actor.username,
        body=body,
    )
    audit_record(
        channel=norm.channel,
        actor=actor,
        action=NormsAction.NORM_COMMENTED,
        target=norm,
        after={"comment": body[:200]},
    )
    return comment


@transaction.atomic
def norms_copy_template(*, channel: Channel, actor, template: NormTemplate) -> list[DraftNorm]:
    """Copy an offered starter template's norms to the end of the draft, skipping titles the
    draft already has, so copying twice adds nothing."""
    require_manager(channel, actor, Capability.MANAGE_NORMS)
    if not template.is_active:
        raise ValidationError(_("Choose one of the starter templates offered."))
    drafts = DraftNorm.objects.for_channel(channel)
    taken = {title.lower() for title in drafts.values_list("title", flat=True)}
    items = [item for item in template.items.all() if item.title.lower() not in taken]
    if not items:
        raise ValidationError(_("Your draft already has every norm of this template."))
    if len(taken) + len(items) > NORMS_MAX:
        raise ValidationError(
            _("A channel has at most %(max)s norms: merge or remove some first.")
            % {"max": NORMS_MAX}
        )
    last = drafts.aggregate(last=Max("position"))["last"]
    start = 0 if last is None else last + 1
    keys = set(drafts.values_list("key", flat=True))
    new = []
    for offset, item in enumerate(items):
        key = key_from_title(item.title, keys)
        keys.add(key)
        new.append(
            DraftNorm(
                channel=channel,
                position=start + offset,
                key=key,
                **{name: getattr(item, name) for name in NORM_FIELDS},
            )
        )
    created = DraftNorm.objects.bulk_create(new)
    audit_record(
        channel=channel,
        actor=actor,
        action=NormsAction.TEMPLATE_COPIED,
        after={"template": template.name, "norms": [item.title for item in items]},
    )
    return created
