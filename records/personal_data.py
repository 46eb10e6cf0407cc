"""What the records app holds about a person (registered from plugin.py): their service
record, which is theirs alone and goes with the account."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

from .models import AttachedCredential, ServiceRecord


def service_records(user) -> list[dict]:
    records = (
        ServiceRecord.objects.filter(user=user)
        .select_related("channel")
        .prefetch_related("periods")
        .order_by("started_at", "id")
    )
    return [
        {
            "channel": record.channel.slug,
            "started_at": record.started_at.isoformat(),
            "ended_at": record.ended_at.isoformat() if record.ended_at else None,
            "ending": record.ending,
            "shown_on_profile": record.visible,
            "roles": [
                {
                    "role": period.role_name,
                    "started_at": period.started_at.isoformat(),
                    "ended_at": period.ended_at.isoformat() if period.ended_at else None,
                }
                for period in record.periods.all()
            ],
        }
        for record in records
    ]


def attachments_of(user):
    """The credentials the person attached to their applications (deleted with them)."""
    return AttachedCredential.objects.filter(application__applicant=user)


def attached_credentials(user) -> list[dict]:
    rows = attachments_of(user).select_related("channel", "credential").order_by("pk")
    return [
        {
            "channel": row.channel.slug,
            "application": row.application_id,
            "credential": row.credential.name if row.credential else None,
            "attached_at": row.created_at.isoformat(),
        }
        for row in rows
    ]


ENTRIES = [
    PersonalData(
        model="records.ServiceRecord",
        field="user",
        kind="service_record",
        description=_(
            "Your service record: the teams you were on, your roles with their dates, how each "
            "stint ended and whether your profile shows it."
        ),
        rows=service_records,
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="records.Endorsement",
        field="subject",
        kind="endorsements_received",
        description=_("Endorsements written about you, whether you accepted them, and by whom."),
        fields=("channel__slug", "author_name", "body", "created_at", "accepted_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="records.Endorsement",
        field="author",
        kind="endorsements_written",
        description=_("Endorsements you wrote (kept for their subject, signed “former member”)."),
        fields=("channel__slug", "body", "created_at"),
        erase=Erase.KEEP,
        names=("author_name",),
    ),
    PersonalData(
        model="records.IssuedCredential",
        field="user",
        kind="credentials",
        description=_(
            "Credentials you issued from your record. Their rows stay after deletion so the "
            "revocation list keeps answering for copies already shared."
        ),
        fields=("kind", "name", "issued_at", "revoked_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="records.AttachedCredential",
        field=None,
        kind="credentials_attached",
        description=_("Credentials you attached to your applications, and when."),
        rows=attached_credentials,
        select=attachments_of,
        erase=Erase.DELETE,
    ),
]
