"""Recruitment by invitation: who was invited, with which roles, and who blocks a channel."""

import hashlib

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned

INVITATION_MESSAGE_MAX = 500
INVITATION_DAYS = 7
# After a decline, the same channel can't invite the person again for this long.
DECLINE_COOLDOWN_DAYS = 30


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Invitation(ChannelOwned):
    """An offer to join a channel's team with preset roles, which the person accepts or not.

    Addressed to an account (`invited_user`) or to an email address (`email`, lower-case),
    never both. Only a hash of the link's token is stored."""

    invited_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("invited account"),
    )
    email = models.EmailField(_("invited email"), blank=True)
    roles = models.ManyToManyField(
        "channels.Role", through="InvitationRole", related_name="+", verbose_name=_("roles")
    )
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=InvitationState.choices,
        default=InvitationState.PENDING,
    )
    message = models.TextField(_("message"), blank=True, max_length=INVITATION_MESSAGE_MAX)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(invited_user__isnull=False) & Q(email=""))
                | (Q(invited_user__isnull=True) & ~Q(email="")),
                name="invitation_user_or_email",
            ),
            models.UniqueConstraint(
                fields=["channel", "invited_user"],
                condition=Q(state="pending", invited_user__isnull=False),
                name="one_pending_invitation_per_user",
            ),
            models.UniqueConstraint(
                fields=["channel", "email"],
                condition=Q(state="pending") & ~Q(email=""),
                name="one_pending_invitation_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "expires_at"], name="invitation_by_state"),
            models.Index(fields=["email", "state"], name="invitation_by_email"),
        ]

    def __str__(self):
        return self.invitee_label

    @property
    def invitee_label(self) -> str:
        return self.invited_user.username if self.invited_user_id else self.email

    def has_expired(self, *, now=None) -> bool:
        return self.state == InvitationState.EXPIRED or (
            self.state == InvitationState.PENDING and self.expires_at <= (now or timezone.now())
        )

    def is_open(self) -> bool:
        return self.state == InvitationState.PENDING and not self.has_expired()

    def is_for(self, user) -> bool:
        """The invited person: the account named, or an account whose verified email was
        invited (one query for the addresses)."""
        if user is None or not user.is_authenticated:
            return False
        if self.invited_user_id is not None:
            return self.invited_user_id == user.pk
        verified = EmailAddress.objects.filter(user=user, verified=True)
        return self.email in [
            address.lower() for address in verified.values_list("email", flat=True)
        ]

    def can_be_answered_by(self, user) -> bool:
        """For pages: whether `user` may answer this invitation now."""
        return self.is_for(user) and self.is_open()


def hash_token(token: str) -> str:
    """What an invitation stores of its link's token: the SHA-256, never the token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class InvitationRole(ChannelOwned):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey("channels.Role", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "role"], name="unique_invitation_role")
        ]


class InvitationBlock(ChannelOwned):
    """The person doesn't want this channel's invitations: until a date (after a decline) or
    for good (`until` is empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation_blocks"
    )
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "user"], name="one_invitation_block")
        ]
