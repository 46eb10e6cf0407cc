"""Demo data for the embedded default. Safe to run again: it updates instead of duplicating."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from channels.demo import seed as seed_channels
from channels.models import Channel
from community.demo import seed_community
from debriefs.demo import seed_debriefs
from moderators.demo import seed_recruitment
from norms.demo import seed_norms
from portal.ratelimits import rate_limits_waived
from records.demo import seed_records
from resources.demo import seed_resources
from shifts.demo import seed_shifts

DEMO_PASSWORD = "modportal-demo"

# username, display name, is platform staff, what they are in the demo
DEMO_USERS = [
    ("admin", "Platform Admin", True, "platform admin (Django admin at /admin/)"),
    ("streamer", "Nova Streams", False, "streamer, owner of Nova Streams"),
    ("lead", "Lena Lead", False, "lead moderator of Nova Streams, owner of Speedrun Sanctuary"),
    ("mod", "Milo Mod", False, "moderator of Nova Streams, lead of Speedrun Sanctuary"),
    ("trainee", "Tara Trainee", False, "trainee of Nova Streams, moderator of Speedrun Sanctuary"),
    ("viewer", "Vic Viewer", False, "viewer with no channel"),
]


def ensure_user(username: str, display_name: str, *, is_staff: bool):
    """Create or refresh a demo user with a verified primary email."""
    user_model = get_user_model()
    email = f"{username}@example.com"
    user, _ = user_model.objects.get_or_create(username=username, defaults={"email": email})
    user.email = email
    user.display_name = display_name
    user.is_staff = user.is_superuser = is_staff
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


class Command(BaseCommand):
    help = (
        "Create or refresh demo accounts (and, as features land, channels) for trying the portal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (resets the passwords of accounts with demo names).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this looks like production: seed_demo would reset the password "
                "of any account named " + ", ".join(name for name, *_ in DEMO_USERS) + " to the "
                "public demo password. Run it with DEBUG=true, or pass --force if you mean it."
            )
        # The demo people act through the services, but seeding is not them writing: their
        # rate limits in the shared cache are neither used up nor in the way.
        with rate_limits_waived(), transaction.atomic():
            users = {
                username: ensure_user(username, name, is_staff=staff)
                for username, name, staff, _ in DEMO_USERS
            }
            extra = self.seed_features(users)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Every demo account uses the password: {DEMO_PASSWORD}")
        for username, _, _, what in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {what}")
        for line in extra:
            self.stdout.write(line)

    def seed_features(self, users) -> list[str]:
        """Each feature's demo data, built through its services; returns lines to print."""
        lines = seed_channels(users)
        channels = {channel.slug: channel for channel in Channel.objects.all()}
        lines += seed_recruitment(channels_by_slug=channels, users_by_name=users)
        lines += seed_resources(channels_by_slug=channels, users_by_name=users)
        lines += seed_norms(channels_by_slug=channels)
        lines += seed_community(channels_by_slug=channels, users_by_name=users)
        lines += seed_debriefs(channels_by_slug=channels, users_by_name=users)
        lines += seed_shifts(channels_by_slug=channels, users_by_name=users)
        lines += seed_records(channels_by_slug=channels, users_by_name=users)
        return lines
