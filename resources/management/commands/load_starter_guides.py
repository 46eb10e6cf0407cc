"""Add the platform's starter guides (resources/starter/<language>/) that are missing."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from resources.starter import ensure_starter_guides, languages_with_guides


class Command(BaseCommand):
    help = "Add the missing starter guides, in every language that has them, as platform resources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", help="The platform admin they are added as (default: a superuser)."
        )
        parser.add_argument("--language", action="append", help="Only this language (repeatable).")

    def handle(self, *args, username=None, language=None, **options):
        users = get_user_model().objects.filter(is_active=True)
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("No such platform admin: create a superuser or pass --username.")
        unknown = set(language or ()) - set(languages_with_guides())
        if unknown:
            raise CommandError(f"No starter guides are written in: {', '.join(sorted(unknown))}")
        created = ensure_starter_guides(actor=actor, languages=language)
        self.stdout.write(f"{created} starter guides added.")
