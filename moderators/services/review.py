"""The review pipeline: reviewers move applications between states, write notes and vote.

Rules guarded here, whatever the caller:
- only members who can review applications act, and only on a writable channel;
- nobody reviews their own application (a team member who applied before joining);
- moves follow TRANSITIONS only; withdrawn, accepted and declined are final;
- a trial makes the applicant a member with the channel's Trainee role until its end date;
  accepting makes them a member with the opening's role (after a trial, the opening's role
  replaces Trainee), authorised by the reviewer through `membership_join`/`membership_promote`;
- notes and votes are the team's: no service or page hands them to the applicant.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability, Channel, Membership, Role
from channels.services import audit_record, membership_join, membership_promote
from channels.services.guards import ensure_writable, require_capability
from portal.notifications.services import notify
from portal.text import clean_text

from .. import selectors
from ..audit import RecruitmentAction
from ..models import (
    DECISION_MESSAGE_MAX,
    NOTE_MAX,
    TRANSITIONS,
    TRIAL_DAYS_DEFAULT,
    TRIAL_DAYS_MAX,
    Application,
    ApplicationMove,
    ApplicationNote,
    ApplicationState,
    ApplicationTrial,
    ApplicationVote,
    VoteChoice,
)

# The audit action and the applicant's notification event of each destination state.
_ACTION_OF = {
    ApplicationState.IN_REVIEW: RecruitmentAction.APPLICATION_MOVED,
    ApplicationState.TRIAL: RecruitmentAction.APPLICATION_TRIAL_STARTED,
    ApplicationState.ACCEPTED: RecruitmentAction.APPLICATION_ACCEPTED,
    ApplicationState.DECLINED: RecruitmentAction.APPLICATION_DECLINED,
}
DECIDED_STATES = (ApplicationState.ACCEPTED, ApplicationState.DECLINED)
_MESSAGE_KEY = {ApplicationState.ACCEPTED: "welcome", ApplicationState.DECLINED: "reason"}


def allowed_moves(state: str) -> tuple:
    """The states an application in `state` may move to (empty when it is final)."""
    return TRANSITIONS.get(state, ())


def _locked_for_review(application: Application, actor) -> Application:
    """The application, locked, once the actor may review it (PermissionDenied otherwise)."""
    channel = Channel.objects.get(pk=application.channel_id)
    require_capability(channel, actor, Capability.REVIEW_APPLICATIONS)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("opening", "opening__role", "channel", "applicant")
        .get(pk=application.pk)
    )
    if application.applicant_id == actor.pk:
        raise PermissionDenied("Nobody reviews their own application.")
    ensure_writable(application.channel)
    return application


def trainee_role(channel: Channel) -> Role | None:
    """The channel's role for people on trial: the one named Trainee, else the lowest role
    without any capability; None when the channel has neither."""
    roles = Role.objects.for_channel(channel).order_by("-position", "name")
    named = roles.filter(name__iexact="Trainee").first()
    if named is not None:
        return named
    no_capability = Q(**dict.fromkeys(Capability.values, False))
    return roles.filter(no_capability).first()


def _trial_end(ends_on) -> datetime.date:
    today = timezone.localdate()
    if ends_on in (None, ""):
        return today + datetime.timedelta(days=TRIAL_DAYS_DEFAULT)
    if not isinstance(ends_on, datetime.date) or isinstance(ends_on, datetime.datetime):
        raise ValidationError({"trial_ends_on": _("Choose the day the trial ends.")})
    if ends_on <= today:
        raise ValidationError({"trial_ends_on": _("The trial must end after today.")})
    if ends_on > today + datetime.timedelta(days=TRIAL_DAYS_MAX):
        raise ValidationError(
            {"trial_ends_on": _("A trial lasts at most %(days)d days.") % {"days": TRIAL_DAYS_MAX}}
        )
    return ends_on


def _membership_of(application: Application) -> Membership | None:
    return (
        Membership.objects.for_channel(application.channel)
        .filter(user_id=application.applicant_id)
        .first()
    )


def _start_trial(application: Application, actor, ends_on) -> ApplicationTrial:
    ends_on = _trial_end(ends_on)
    role = trainee_role(application.channel)
    if role is None:
        raise ValidationError(
            _(
                "This channel has no Trainee role (or any role without capabilities) to give "
                "during a trial. Create one under Roles first."
            )
        )
    if _membership_of(application) is not None:
        raise ValidationError(
            _("%(name)s is already on the team.") % {"name": application.applicant.username}
        )
    membership_join(
        channel=application.channel,
        user=application.applicant,
        roles=[role],
        granted_by=actor,
        capability=Capability.REVIEW_APPLICATIONS,
        via="application.trial",
    )
    trial, _created = ApplicationTrial.objects.update_or_create(
        application=application,
        defaults={"channel_id": application.channel_id, "ends_on": ends_on, "reminded_at": None},
    )
    return trial


def _accept(application: Application, actor) -> None:
    roles = [application.opening.role] if application.opening.role_id else []
    membership = _membership_of(application)
    if membership is None:
        membership_join(
            channel=application.channel,
            user=application.applicant,
            roles=roles,
            granted_by=actor,
            capability=Capability.REVIEW_APPLICATIONS,
            via="application",
        )
        return
    if application.state != ApplicationState.TRIAL:
        raise ValidationError(
            _("%(name)s is already on the team.") % {"name": application.applicant.username}
        )
    # After a trial the opening's role replaces the trainee role; other roles stay.
    trainee = trainee_role(application.channel)
    kept = [r for r in membership.roles.all() if trainee is None or r.pk != trainee.pk]
    membership_promote(
        membership=membership,
        roles=kept + [r for r in roles if r not in kept],
        granted_by=actor,
        capability=Capability.REVIEW_APPLICATIONS,
        via="application",
    )


def _decline_trial(application: Application, actor) -> None:
    """Declined after a trial: the trainee role given for the trial is taken back."""
    membership = _membership_of(application)
    trainee = trainee_role(application.channel)
    if membership is None or trainee is None or membership.is_owner:
        return
    kept = [r for r in membership.roles.all() if r.pk != trainee.pk]
    membership_promote(
        membership=membership,
        roles=kept,
        granted_by=actor,
        capability=Capability.REVIEW_APPLICATIONS,
        via="application.declined",
    )


@transaction.atomic
def application_move(
    *, application: Application, actor, to_state: str, message: str = "", trial_ends_on=None
) -> Application:
    """Move an application one step along the pipeline, telling the applicant."""
    application = _locked_for_review(application, actor)
    before = application.state
    if to_state not in allowed_moves(before):
        raise ValidationError(
            {
                "to_state": _("An application that is “%(state)s” can't move there.")
                % {"state": ApplicationState(before).label}
            }
        )
    message = clean_text(message, field="message", limit=DECISION_MESSAGE_MAX)
    to_state = ApplicationState(to_state)
    if to_state == ApplicationState.TRIAL:
        trial = _start_trial(application, actor, trial_ends_on)
    elif to_state == ApplicationState.ACCEPTED:
        _accept(application, actor)
    elif to_state == ApplicationState.DECLINED and before == ApplicationState.TRIAL:
        _decline_trial(application, actor)
    application.state = to_state
    fields = ["state"]
    if to_state in DECIDED_STATES:
        application.decided_at = timezone.now()
        fields.append("decided_at")
    application.save(update_fields=fields)
    ApplicationMove.objects.create(
        channel_id=application.channel_id,
        application=application,
        actor=actor,
        from_state=before,
        to_state=to_state,
        message=message,
    )
    after = {"state": to_state.value}
    if to_state == ApplicationState.TRIAL:
        after["trial_ends_on"] = trial.ends_on.isoformat()
    channel = application.channel
    audit_record(
        channel=channel,
        actor=actor,
        action=_ACTION_OF[to_state],
        target=application,
        before={"state": before},
        after=after,
    )
    context = {
        "opening_title": application.opening.title,
        "channel_name": channel.name,
        "state": str(to_state.label),
        "url": reverse("moderators:my_applications"),
    }
    if message:
        # The reviewer's words (plain text, escaped wherever shown), under a key that says what
        # they are, so an email labels a welcome as a welcome and a decline's reason as a reason.
        context[_MESSAGE_KEY.get(to_state, "message")] = message
    if to_state == ApplicationState.TRIAL:
        context["trial_ends_on"] = trial.ends_on.isoformat()
    notify(
        event=_ACTION_OF[to_state].value,
        recipients=[application.applicant],
        channel=channel,
        actor=actor,
        target=application,
        context=context,
    )
    return application


@transaction.atomic
def application_note_add(*, application: Application, actor, body: str) -> ApplicationNote:
    """A reviewer adds a note to the team's thread about the application."""
    application = _locked_for_review(application, actor)
    body = clean_text(body, field="body", limit=NOTE_MAX, required=_("Write something first."))
    note = ApplicationNote.objects.create(
        channel_id=application.channel_id, application=application, author=actor, body=body
    )
    audit_record(
        channel=application.channel,
        actor=actor,
        action=RecruitmentAction.APPLICATION_NOTE_ADDED,
        target=application,
    )
    return note


@transaction.atomic
def application_vote(*, application: Application, actor, choice: str) -> ApplicationVote:
    """A reviewer's vote (for, against, unsure): one each, changeable until the decision."""
    application = _locked_for_review(application, actor)
    if not isinstance(choice, str) or choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Vote for, against or unsure.")})
    if application.state not in TRANSITIONS:
        raise ValidationError(_("This application is decided: votes are closed."))
    existing = ApplicationVote.objects.filter(application=application, voter=actor).first()
    before = existing.choice if existing else None
    vote, _created = ApplicationVote.objects.update_or_create(
        application=application,
        voter=actor,
        defaults={"channel_id": application.channel_id, "choice": choice},
    )
    if before != choice:
        audit_record(
            channel=application.channel,
            actor=actor,
            action=RecruitmentAction.APPLICATION_VOTED,
            target=application,
            before={"vote": before} if before else None,
            after={"vote": choice},
        )
    return vote


@transaction.atomic
def trial_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the reviewers of each trial ending by `today` (once per trial: it is marked).

    Not an actor's action: the scheduled task calls it. Safe to run twice or concurrently,
    the rows are locked and skipped when another run holds them.
    """
    today = today or timezone.localdate()
    due = (
        ApplicationTrial.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("application__opening", "application__applicant", "channel")
        .filter(
            reminded_at__isnull=True,
            ends_on__lte=today,
            application__state=ApplicationState.TRIAL,
        )
        .order_by("ends_on", "id")
    )
    sent = 0
    now = timezone.now()
    for trial in due:
        application, channel = trial.application, trial.channel
        notify(
            event="application.trial_ending",
            recipients=selectors.reviewers(channel=channel),
            channel=channel,
            target=application,
            context={
                "applicant": application.applicant.username,
                "opening_title": application.opening.title,
                "channel_name": channel.name,
                "trial_ends_on": trial.ends_on.isoformat(),
                "url": reverse(
                    "moderators:review_detail",
                    kwargs={"slug": channel.slug, "pk": application.pk},
                ),
            },
        )
        # The domain event (webhooks, the API's feed): once per trial, as the reminder is.
        audit_record(
            channel=channel,
            actor=None,
            action=RecruitmentAction.APPLICATION_TRIAL_ENDING,
            target=application,
            after={"trial_ends_on": trial.ends_on.isoformat()},
        )
        trial.reminded_at = now
        trial.save(update_fields=["reminded_at"])
        sent += 1
    return sent
