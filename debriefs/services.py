"""Every write of the debriefs app. One transaction each, audited, actor checked.

Rules guarded here, whatever the caller (a view, the admin, a test):
- debriefs are the team's: only members read or comment on them, and only while the channel
  is writable;
- writing one needs "write debriefs"; its norms come from the current published version and
  its moderators from the team;
- the author, or a member who can manage debriefs, agrees the lessons (once) and turns a
  debrief with agreed lessons into a case study, which also needs "manage training
  resources" (it goes into the channel's library through the resources services), with no
  team member's username left in it;
- proposing a norm change needs "manage norms" (it opens the draft through the norms services);
  it is linked to the first published version that changes that norm.
A refusal raises PermissionDenied (no standing) or ValidationError (a rule broken) and nothing
is written.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability, Channel, Membership
from channels.permissions import Access
from channels.selectors import usernames_in
from channels.services import audit_record
from channels.services.guards import (
    ensure_writable,
    require_manager,
    require_member,
)
from norms.models import DraftNorm, NormVersion
from norms.selectors import current_version
from norms.services import norm_comment
from portal.ratelimits import over_limit
from portal.text import clean_text
from resources.services import resource_create

from .audit import DebriefsAction
from .models import (
    ACTION_SLOTS,
    COMMENT_MAX,
    CONTEXT_MAX,
    DETAIL_MAX,
    DURATION_MAX_MINUTES,
    REFLECTION_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ActionKind,
    Debrief,
    DebriefComment,
    DebriefNorm,
    ModeratorAction,
    NormChange,
)

# Spam guards: their text reaches teammates' inboxes (debriefs) or pages (comments). Counted
# by django-ratelimit in the shared cache, so every web process agrees.
DEBRIEFS_PER_HOUR = 20
COMMENTS_PER_HOUR = 60
CASE_STUDY_TAG = "case-study"


def require_author_or_manager(debrief: Debrief, actor) -> Access:
    access = require_member(debrief.channel, actor)
    if debrief.author_id != actor.pk and not access.can(Capability.MANAGE_DEBRIEFS):
        raise PermissionDenied("Only the author or a member who manages debriefs can do this.")
    return access


def _clean_when(happened_at) -> datetime:
    if not isinstance(happened_at, datetime):
        raise ValidationError({"happened_at": _("Say when the incident started.")})
    if timezone.is_naive(happened_at):
        happened_at = timezone.make_aware(happened_at)
    if happened_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"happened_at": _("A debrief is about something that happened.")})
    if happened_at.year < 2005:
        raise ValidationError({"happened_at": _("Choose a date from 2005 onwards.")})
    return happened_at


def _clean_duration(minutes) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationError({"duration_minutes": _("Say in minutes how long it lasted.")})
    if not 1 <= minutes <= DURATION_MAX_MINUTES:
        raise ValidationError(
            {
                "duration_minutes": _("Enter between 1 and %(max)s minutes (a week).")
                % {"max": DURATION_MAX_MINUTES}
            }
        )
    return minutes


def norm_choices(version: NormVersion | None) -> list[tuple[int, str, int | None]]:
    """(number, title, draft norm id or None) of each norm of a version."""
    if version is None:
        return []
    ids = version.norm_ids if len(version.norm_ids) == len(version.norms) else []
    return [
        (number, norm["title"], ids[number - 1] if ids else None)
        for number, norm in enumerate(version.norms, start=1)
    ]


def _involved_norms(channel: Channel, numbers) -> tuple[NormVersion | None, list[DebriefNorm]]:
    version = current_version(channel=channel)
    offered = {number: (title, pk) for number, title, pk in norm_choices(version)}
    try:
        chosen = sorted({int(n) for n in numbers or ()})
    except (TypeError, ValueError):
        raise ValidationError({"norms": _("Choose norms of the current version.")}) from None
    if any(number not in offered for number in chosen):
        raise ValidationError({"norms": _("Choose norms of the current version.")})
    existing = set(
        DraftNorm.objects.for_channel(channel)
        .filter(pk__in=[offered[n][1] for n in chosen if offered[n][1]])
        .values_list("pk", flat=True)
    )
    links = [
        DebriefNorm(
            channel=channel,
            number=number,
            title=offered[number][0],
            norm_id=offered[number][1] if offered[number][1] in existing else None,
        )
        for number in chosen
    ]
    return version, links


def _actions(channel: Channel, actions) -> list[ModeratorAction]:
    actions = list(actions or ())
    if len(actions) > ACTION_SLOTS:
        raise ValidationError(
            {"actions": _("Record at most %(max)s actions.") % {"max": ACTION_SLOTS}}
        )
    team = {
        m.user_id: m.user for m in Membership.objects.for_channel(channel).select_related("user")
    }
    rows = []
    for position, item in enumerate(actions):
        moderator, kind = item.get("moderator"), item.get("action")
        detail = clean_text(item.get("detail"), field="actions", limit=DETAIL_MAX)
        if moderator is None or getattr(moderator, "pk", None) not in team:
            raise ValidationError({"actions": _("Choose moderators of this team.")})
        if kind not in ActionKind.values:
            raise ValidationError({"actions": _("Choose an action from the list.")})
        if kind == ActionKind.OTHER and not detail:
            raise ValidationError({"actions": _("Say what was done when it was something else.")})
        rows.append(
            ModeratorAction(
                channel=channel,
                moderator=team[moderator.pk],
                moderator_name=team[moderator.pk].username,
                action=kind,
                detail=detail,
                position=position,
            )
        )
    return rows


@transaction.atomic
def debrief_create(
    *,
    channel: Channel,
    actor,
    title: str,
    happened_at,
    duration_minutes: int,
    context: str,
    what_happened: str,
    went_well: str = "",
    do_differently: str = "",
    norm_numbers=(),
    actions=(),
) -> Debrief:
    """A debrief by a member who can write debriefs; the team hears about it."""
    require_manager(channel, actor, Capability.WRITE_DEBRIEFS)
    debrief = Debrief(
        channel=channel,
        author=actor,
        author_name=actor.username,
        title=clean_text(
            title, field="title", limit=TITLE_MAX, required=_("Give the debrief a short title.")
        ),
        happened_at=_clean_when(happened_at),
        duration_minutes=_clean_duration(duration_minutes),
        context=clean_text(
            context, field="context", limit=CONTEXT_MAX, required=_("Name the stream or the event.")
        ),
        what_happened=clean_text(
            what_happened, field="what_happened", limit=TEXT_MAX, required=_("Say what happened.")
        ),
        went_well=clean_text(went_well, field="went_well", limit=REFLECTION_MAX),
        do_differently=clean_text(do_differently, field="do_differently", limit=REFLECTION_MAX),
    )
    debrief.version, links = _involved_norms(channel, norm_numbers)
    rows = _actions(channel, actions)
    if over_limit(group="debriefs.create", key=str(actor.pk), rate=f"{DEBRIEFS_PER_HOUR}/h"):
        raise ValidationError(_("You've written many debriefs in the last hour. Please wait."))
    debrief.save()
    for row in (*links, *rows):
        row.debrief = debrief
    DebriefNorm.objects.bulk_create(links)
    ModeratorAction.objects.bulk_create(rows)
    audit_record(
        channel=channel,
        actor=actor,
        action=DebriefsAction.CREATED,
        target=debrief,
        after={
            "title": debrief.title,
            "norms": [link.title for link in links],
            "actions": [f"{row.moderator_name}: {row.action}" for row in rows],
        },
    )
    return debrief


@transaction.atomic
def debrief_comment(*, debrief: Debrief, actor, body: str) -> DebriefComment:
    """Any member joins the team's thread on a debrief."""
    channel = debrief.channel
    require_member(channel, actor)
    ensure_writable(channel)
    body = clean_text(
        body, field="body", limit=COMMENT_MAX, required=_("Write your comment first.")
    )
    if over_limit(group="debriefs.comment", key=str(actor.pk), rate=f"{COMMENTS_PER_HOUR}/h"):
        raise ValidationError(_("You've written many comments in the last hour. Please wait."))
    comment = DebriefComment.objects.create(
        channel=channel, debrief=debrief, author=actor, author_name=actor.username, body=body
    )
    audit_record(
        channel=channel,
        actor=actor,
        action=DebriefsAction.COMMENTED,
        target=debrief,
        after={"comment": body[:200]},
    )
    return comment


@transaction.atomic
def debrief_agree_lessons(*, debrief: Debrief, actor, summary: str) -> Debrief:
    """The author or a debrief manager records the lessons the team agreed, once."""
    require_author_or_manager(debrief, actor)
    ensure_writable(debrief.channel)
    summary = clean_text(
        summary,
        field="summary",
        limit=SUMMARY_MAX,
        required=_("Sum up the lessons in a few sentences."),
    )
    debrief = Debrief.objects.select_for_update().select_related("channel").get(pk=debrief.pk)
    if debrief.lessons_agreed:
        raise ValidationError(_("The lessons of this debrief are already agreed."))
    debrief.lessons_summary = summary
    debrief.lessons_agreed_at = timezone.now()
    debrief.lessons_agreed_by_name = actor.username
    debrief.save(update_fields=["lessons_summary", "lessons_agreed_at", "lessons_agreed_by_name"])
    channel = debrief.channel
    audit_record(
        channel=channel,
        actor=actor,
        action=DebriefsAction.LESSONS_AGREED,
        target=debrief,
        after={"summary": summary},
    )
    return debrief


@transaction.atomic
def debrief_propose_norm_change(
    *, debrief: Debrief, actor, norm: DraftNorm, note: str = ""
) -> NormChange:
    """Open a change of one of the debrief's norms in the draft. The note, if any, becomes a
    drafting comment on the norm (norms.services.norm_comment), so it stays with the version.
    Proposing the same norm again while it is pending returns the pending proposal."""
    channel = debrief.channel
    require_manager(channel, actor, Capability.MANAGE_NORMS)
    if norm.channel_id != channel.pk or not debrief.norm_links.filter(norm=norm).exists():
        raise ValidationError({"norm": _("Choose one of the norms this debrief involves.")})
    note = clean_text(note, field="note", limit=SUMMARY_MAX)
    pending = NormChange.objects.filter(debrief=debrief, norm=norm, version__isnull=True).first()
    if pending is not None:
        return pending
    change = NormChange.objects.create(
        channel=channel,
        debrief=debrief,
        norm=norm,
        norm_title=norm.title,
        proposed_by=actor,
        proposed_by_name=actor.username,
    )
    if note:
        norm_comment(
            norm=norm,
            actor=actor,
            body=_("From the debrief “%(title)s”: %(note)s")
            % {"title": debrief.title, "note": note},
        )
    audit_record(
        channel=channel,
        actor=actor,
        action=DebriefsAction.CHANGE_PROPOSED,
        target=debrief,
        after={"norm": norm.title, "note": note},
    )
    return change


@transaction.atomic
def debrief_create_case_study(
    *, debrief: Debrief, actor, title: str, body: str, not_names: bool = False
):
    """The author (or a debrief manager) turns a debrief with agreed lessons into an article in
    the channel's library, after removing names: while a team member's username appears in it,
    it is refused, unless the author confirms those words are not names here (`not_names`, for
    a username that is also a common word)."""
    require_author_or_manager(debrief, actor)
    channel = debrief.channel
    ensure_writable(channel)
    debrief = Debrief.objects.select_for_update().get(pk=debrief.pk)
    if not debrief.lessons_agreed:
        raise ValidationError(_("Agree the lessons before making a case study of this debrief."))
    if debrief.case_study_id is not None:
        raise ValidationError(_("This debrief is already a case study in the library."))
    left = usernames_in(channel=channel, texts=[str(title or ""), str(body or "")])
    if left and not not_names:
        raise ValidationError(
            {"body": _("Remove these names first: %(names)s.") % {"names": ", ".join(left)}}
        )
    resource = resource_create(
        channel=channel,
        actor=actor,
        kind="article",
        title=title,
        summary=debrief.lessons_summary[:500],
        body=body,
        tags=[CASE_STUDY_TAG],
        estimated_minutes=10,
    )
    debrief.case_study = resource
    debrief.save(update_fields=["case_study"])
    audit_record(
        channel=channel,
        actor=actor,
        action=DebriefsAction.CASE_STUDY_CREATED,
        target=debrief,
        after={"resource": resource.title},
    )
    return resource
