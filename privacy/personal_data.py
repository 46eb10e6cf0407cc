"""What the portal's account and the third-party apps (allauth, the admin) hold about a
person, and the privacy app's own requests (registered from plugin.py)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

from .models import DataExport


def account(user):
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            "username",
            "email",
            "display_name",
            "first_name",
            "last_name",
            "time_zone",
            "language",
            "date_joined",
            "last_login",
        )
    )


ENTRIES = [
    PersonalData(
        model="portal.User",
        field=None,
        kind="account",
        description=_("Your account: name, email, time zone, language, when you joined."),
        rows=account,
        select=lambda user: get_user_model().objects.none(),
        erase=Erase.KEEP,
        # The account row itself becomes the "former member" (privacy/erasure.py); its groups
        # and permissions go with the row's staff flags.
        covers=("portal.User_groups.user", "portal.User_user_permissions.user"),
        order=0,
    ),
    PersonalData(
        model="account.EmailAddress",
        field="user",
        kind="email_addresses",
        description=_("Your email addresses and whether they are verified."),
        fields=("email", "verified", "primary"),
        erase=Erase.DELETE,
        order=1,
    ),
    PersonalData(
        model="mfa.Authenticator",
        field="user",
        kind="two_factor",
        description=_("The second factors you set up (their kind and dates, not their secrets)."),
        fields=("type", "created_at", "last_used_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="socialaccount.SocialAccount",
        field="user",
        kind="connected_accounts",
        description=_("Accounts on other sites (Twitch) you connected. Tokens are not exported."),
        fields=("provider", "uid", "date_joined", "last_login"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="admin.LogEntry",
        field="user",
        kind="admin_actions",
        description=_("Changes you made in the platform admin, as staff."),
        fields=("action_time", "object_repr", "action_flag"),
        erase=Erase.KEEP,
        mentions=("object_repr", "change_message"),
    ),
    PersonalData(
        model="privacy.DataExport",
        field="user",
        kind="exports",
        description=_("The exports of your data you asked for."),
        fields=("kind", "state", "created_at", "expires_at"),
        # Deleted once they have done their job: this one is being built last.
        select=lambda user: DataExport.objects.filter(user=user).exclude(state="building"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="privacy.DataExport",
        field="requested_by",
        kind="exports_requested",
        description=_("Exports you started, for yourself or (as staff) for someone else."),
        fields=("kind", "created_at"),
        erase=Erase.DETACH,
    ),
    PersonalData(
        model="privacy.AccountDeletion",
        field="user",
        kind="account_deletion",
        description=_("Whether a deletion of your account is scheduled, and for when."),
        fields=("state", "requested_at", "due_at"),
        # The record that the erasure happened; it names only the pseudonym.
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="privacy.AccountDeletion",
        field="requested_by",
        kind="deletions_requested",
        description=_("Account deletions you started."),
        fields=("state", "requested_at"),
        erase=Erase.DETACH,
    ),
    PersonalData(
        model="privacy.ChannelDeletion",
        field="requested_by",
        kind="channel_deletions",
        description=_("Channel deletions you asked for."),
        fields=("channel_slug", "state", "requested_at", "due_at"),
        erase=Erase.DETACH,
    ),
]
