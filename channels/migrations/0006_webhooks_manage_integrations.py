"""The "manage integrations" capability (issue 27: outgoing webhooks). Off for every role:
the owner holds every capability anyway, and grants it to a role if the team wants."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0005_channel_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="role",
            name="can_manage_integrations",
            field=models.BooleanField(default=False, verbose_name="Manage integrations (webhooks)"),
        ),
    ]
