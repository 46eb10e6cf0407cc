from django.db import migrations

from norms.starter import ensure_starter_templates


def add_starters(apps, schema_editor):
    ensure_starter_templates(apps.get_model("norms", "NormTemplate"), apps.get_model("norms", "NormTemplateItem"))


class Migration(migrations.Migration):
    dependencies = [("norms", "0001_norms")]

    operations = [migrations.RunPython(add_starters, migrations.RunPython.noop)]
