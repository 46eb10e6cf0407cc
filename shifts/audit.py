"""The audit actions the shifts app writes, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShiftsAction(models.TextChoices):
    STREAM_ADDED = "stream.added", _("Stream added to the schedule")
    STREAM_CHANGED = "stream.changed", _("Stream changed")
    TWITCH_ADOPTED = "stream.twitch_adopted", _("Stream set to Twitch's schedule")
    STREAM_REMOVED = "stream.removed", _("Stream removed from the schedule")
    STREAM_CANCELLED = "stream.cancelled", _("One stream cancelled")
    OCCURRENCE_MOVED = "stream.occurrence_moved", _("One stream moved to another time")
    SHIFT_TAKEN = "shift.signed_up", _("Signed up for a shift")
    SHIFT_WITHDRAWN = "shift.withdrawn", _("Withdrew from a shift")
    SHIFT_OFFERED = "shift.offered", _("Shift offered for a swap")
    SHIFT_SWAPPED = "shift.swapped", _("Shift swapped")
    SHIFT_SWAP_REQUESTED = "shift.swap_requested", _("Swap waiting for approval")
    SHIFT_SWAP_DECLINED = "shift.swap_declined", _("Swap declined")
    SETTINGS_CHANGED = "shifts.settings_changed", _("Schedule settings changed")
    SHIFTS_RELEASED = "shift.released", _("Shifts released while away")
