"""What recruitment holds about a person (registered from plugin.py). Notes and votes about an
applicant belong to the team: the export lists that they exist, with dates, never their text."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

from .models import (
    Application,
    ApplicationAnswer,
    ApplicationMove,
    ApplicationNote,
    ApplicationVote,
    Invitation,
)


def applications(user):
    found = list(
        Application.objects.filter(applicant=user)
        .order_by("pk")
        .values(
            "id",
            "channel__slug",
            "opening__title",
            "state",
            "message",
            "submitted_at",
            "decided_at",
            "withdrawn_at",
        )
    )
    ids = [row["id"] for row in found]
    answers, moves = {}, {}
    for answer in ApplicationAnswer.objects.filter(application_id__in=ids).order_by("position"):
        answers.setdefault(answer.application_id, []).append(
            {"question": answer.question_text, "kind": answer.kind, "answer": answer.value}
        )
    for move in ApplicationMove.objects.filter(application_id__in=ids).order_by("created_at"):
        moves.setdefault(move.application_id, []).append(
            {"from": move.from_state, "to": move.to_state, "at": move.created_at}
        )
    for row in found:
        row["answers"] = answers.get(row["id"], [])
        row["states"] = moves.get(row["id"], [])
    return found


def reviews_about(user):
    notes = ApplicationNote.objects.filter(application__applicant=user).order_by("created_at")
    votes = ApplicationVote.objects.filter(application__applicant=user).order_by("updated_at")
    return [
        *(
            {"kind": "note", "application_id": n.application_id, "date": n.created_at}
            for n in notes
        ),
        *(
            {"kind": "vote", "application_id": v.application_id, "date": v.updated_at}
            for v in votes
        ),
    ]


def invitations(user):
    emails = [user.email] if user.email else []
    return Invitation.objects.filter(Q(invited_user=user) | Q(email__in=emails))


ENTRIES = [
    PersonalData(
        model="moderators.Application",
        field="applicant",
        kind="applications",
        description=_("Your applications, with your answers and the states they went through."),
        rows=applications,
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="moderators.ApplicationNote",
        field=None,
        kind="reviews_about_you",
        description=_(
            "Reviewer notes and votes about your applications: that they exist and when. Their "
            "text belongs to the team that wrote them, so it is not part of your export."
        ),
        rows=reviews_about,
        select=lambda user: ApplicationNote.objects.none(),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="moderators.ApplicationNote",
        field="author",
        kind="review_notes_written",
        description=_("Notes you wrote as a reviewer (when; the text belongs to the team)."),
        fields=("channel__slug", "application_id", "created_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="moderators.ApplicationVote",
        field="voter",
        kind="review_votes_cast",
        description=_("Votes you cast as a reviewer (when; the choice belongs to the team)."),
        fields=("channel__slug", "application_id", "updated_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="moderators.ApplicationMove",
        field="actor",
        kind="application_moves_made",
        description=_("Applications you moved as a reviewer (when)."),
        fields=("channel__slug", "application_id", "created_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="moderators.Invitation",
        field="invited_user",
        kind="invitations",
        description=_("Invitations you received to join a team, and your answers."),
        select=invitations,
        fields=("channel__slug", "state", "message", "created_at", "expires_at", "responded_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="moderators.Invitation",
        field="inviter",
        kind="invitations_sent",
        description=_("Invitations you sent (when; not whom)."),
        fields=("channel__slug", "created_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="moderators.Invitation",
        field="responded_by",
        kind="invitations_answered",
        description=_("Invitations you answered."),
        fields=("channel__slug", "state", "responded_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="moderators.InvitationBlock",
        field="user",
        kind="invitation_blocks",
        description=_("Channels you asked not to invite you again, and until when."),
        fields=("channel__slug", "until", "created_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="moderators.Opening",
        field="created_by",
        kind="openings_created",
        description=_("Openings you created for a team."),
        fields=("channel__slug", "title", "created_at"),
        erase=Erase.KEEP,
    ),
]
