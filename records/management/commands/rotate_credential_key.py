from django.core.management.base import BaseCommand

from records.credentials import rotate_key


class Command(BaseCommand):
    help = "Retire the credential signing key and make a new one (old public keys stay published)."

    def handle(self, *args, **options):
        key = rotate_key()
        self.stdout.write(f"New signing key {key.kid}")
