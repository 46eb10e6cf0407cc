"""Two capabilities for incident debriefs (issue 17), turned on for existing roles that hold
their equivalent, so teams keep working the day this ships:

- "manage debriefs" for every role that can manage the team (the lead's capability);
- "write debriefs" for those roles too, for roles that review applications or manage norms,
  and for every role whose name contains "moderator" (any case): the default Moderator and
  Lead Moderator and the Community, Events and Safety Moderator templates. Trainees and other
  roles stay off, as in the new defaults; the owner holds every capability anyway.

Reversing drops the columns (the data goes with them).
"""

from django.db import migrations, models
from django.db.models import Q


def grant_existing(apps, schema_editor):
    Role = apps.get_model("channels", "Role")
    Role.objects.filter(can_manage_team=True).update(can_manage_debriefs=True)
    Role.objects.filter(
        Q(can_manage_team=True)
        | Q(can_review_applications=True)
        | Q(can_manage_norms=True)
        | Q(name__icontains="moderator")
    ).update(can_write_debriefs=True)


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0003_role_names_ci_suspend_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="role",
            name="can_manage_debriefs",
            field=models.BooleanField(
                default=False, verbose_name="Manage debriefs (agree lessons on any debrief)"
            ),
        ),
        migrations.AddField(
            model_name="role",
            name="can_write_debriefs",
            field=models.BooleanField(default=False, verbose_name="Write incident debriefs"),
        ),
        migrations.RunPython(grant_existing, migrations.RunPython.noop),
    ]
