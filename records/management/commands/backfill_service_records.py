"""Open a service record for every team membership that has none (teams formed before the
records app kept them). Safe to run again."""

from django.core.management.base import BaseCommand

from records.services import records_backfill


class Command(BaseCommand):
    help = "Open a service record for every membership without one (started when they joined)."

    def handle(self, *args, **options):
        opened = records_backfill()
        self.stdout.write(self.style.SUCCESS(f"Opened {opened} service records."))
