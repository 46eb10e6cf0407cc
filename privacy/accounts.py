"""The account adapter (ACCOUNT_ADAPTER): the notifications app's one, plus the grace period
of a deletion: signing in during it cancels the deletion. Erased accounts are inactive with no
usable password, so allauth refuses them before this runs."""

from django.contrib import messages
from django.utils.translation import gettext as _

from portal.notifications.accounts import AccountAdapter as NotificationsAccountAdapter

from . import services


class AccountAdapter(NotificationsAccountAdapter):
    def login(self, request, user) -> None:
        super().login(request, user)
        if services.pending_deletion(user) is not None:
            services.account_deletion_cancel(user=user, actor=user)
            messages.info(request, _("Welcome back. Your account will not be deleted."))
