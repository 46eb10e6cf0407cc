from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .registry import Delivery


class InboxFilterForm(forms.Form):
    """Filters offer only the user's own channels and event types; anything else is invalid."""

    channel = forms.TypedChoiceField(
        label=_("Channel"), required=False, coerce=int, empty_value=None
    )
    event = forms.ChoiceField(label=_("Type"), required=False)
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, data=None, *, channels, events):
        super().__init__(data)
        self.fields["channel"].choices = [("", _("All channels")), *channels]
        self.fields["event"].choices = [("", _("All types")), *events]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"channel_id": None, "event": None, "unread_only": False}
        data = self.cleaned_data
        return {
            "channel_id": data["channel"],
            "event": data["event"] or None,
            "unread_only": data["unread"],
        }


INHERIT = ""


class PreferencesForm(forms.Form):
    """One select per event type, and per channel for events that are per channel.

    Field names are `default__<event>` and `channel__<channel id>__<event>`; the form builds
    them from the registry and the user's channels, so a posted name it did not offer is ignored
    and a value it did not offer is an error.
    """

    def __init__(self, data=None, *, channels, current):
        super().__init__(data)
        self.rows = []
        for event_type in registry.all_events():
            name = f"default__{event_type.name}"
            self.fields[name] = forms.ChoiceField(
                label=event_type.label,
                choices=Delivery.choices,
                required=False,  # a field left out of the POST keeps its setting
                initial=current.get((event_type.name, None), event_type.default_delivery),
                help_text=event_type.description,
            )
            self.rows.append({"event": event_type, "field": self[name]})
        self.channel_rows = []
        per_channel = [event for event in registry.all_events() if event.per_channel]
        for channel_id, channel_name in channels if per_channel else []:
            fields = []
            for event_type in per_channel:
                name = f"channel__{channel_id}__{event_type.name}"
                self.fields[name] = forms.ChoiceField(
                    label=_("%(event)s in %(channel)s")
                    % {"event": event_type.label, "channel": channel_name},
                    choices=[(INHERIT, _("Same as my default")), *Delivery.choices],
                    required=False,
                    initial=current.get((event_type.name, channel_id), INHERIT),
                )
                fields.append({"event": event_type, "field": self[name]})
            self.channel_rows.append({"id": channel_id, "name": channel_name, "fields": fields})

    def choices(self) -> dict[tuple[str, int | None], str | None]:
        result = {}
        for name, value in self.cleaned_data.items():
            if name not in self.data:
                continue  # not posted: keep the current setting
            parts = name.split("__")
            if parts[0] == "default":
                if value:
                    result[(parts[1], None)] = value
            else:
                result[(parts[2], int(parts[1]))] = value or None
        return result
