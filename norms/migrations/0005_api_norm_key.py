from django.db import migrations, models
from django.utils.text import slugify


def fill_keys(apps, schema_editor):
    DraftNorm = apps.get_model("norms", "DraftNorm")
    taken_by_channel: dict[int, set[str]] = {}
    for norm in DraftNorm.objects.order_by("channel_id", "position", "id"):
        taken = taken_by_channel.setdefault(norm.channel_id, set())
        base = slugify(norm.title)[:36].strip("-") or "rule"
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        norm.key = key
        norm.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("norms", "0004_template_language")]

    operations = [
        migrations.AddField(
            model_name="draftnorm",
            name="key",
            field=models.SlugField(blank=True, max_length=40, verbose_name="key"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="draftnorm",
            constraint=models.UniqueConstraint(
                condition=models.Q(("key", ""), _negated=True),
                fields=("channel", "key"),
                name="unique_norm_key",
            ),
        ),
    ]
