"""What the records app holds about a person (registered from plugin.py): their service
record, which is theirs alone and goes with the account."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

from .models import ServiceRecord


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
]
