"""Parse and validate schedule input; no writes here. Role choices are the channel's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from channels.models import Role

from .models import DURATION_MAX_MINUTES, NEED_MAX, NEED_SLOTS, TITLE_MAX

ANYONE = ""


class StreamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    starts_on = forms.DateField(
        label=_("Date (of the first stream)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In the channel's time zone."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Expected length (minutes)"),
        min_value=1,
        max_value=DURATION_MAX_MINUTES,
        initial=120,
    )
    weekly = forms.BooleanField(label=_("Every week"), required=False)
    ends_on = forms.DateField(
        label=_("Last date (weekly streams, optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    swaps_need_approval = forms.BooleanField(
        label=_("Swaps need the approval of someone who manages the team"), required=False
    )

    def __init__(self, *args, channel, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [(ANYONE, _("Anyone on the team"))] + [
            (str(r.pk), r.name) for r in Role.objects.for_channel(channel).order_by("position")
        ]
        for i in range(NEED_SLOTS):
            self.fields[f"need_role_{i}"] = forms.ChoiceField(
                label=_("Role"), choices=roles, required=False
            )
            self.fields[f"need_count_{i}"] = forms.IntegerField(
                label=_("How many"),
                min_value=0,
                max_value=NEED_MAX,
                required=False,
                initial=2 if i == 0 else 0,
            )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        needs = []
        for i in range(NEED_SLOTS):
            role = data.pop(f"need_role_{i}") or None
            count = data.pop(f"need_count_{i}") or 0
            if count:
                needs.append((int(role) if role else None, count))
        data["needs"] = needs
        return data


def stream_initial(stream) -> dict:
    initial = {
        "title": stream.title,
        "starts_on": stream.starts_on,
        "start_time": stream.start_time,
        "duration_minutes": stream.duration_minutes,
        "weekly": stream.weekly,
        "ends_on": stream.ends_on,
        "swaps_need_approval": stream.swaps_need_approval,
    }
    for i, need in enumerate(stream.needs.all()[:NEED_SLOTS]):
        initial[f"need_role_{i}"] = str(need.role_id) if need.role_id else ANYONE
        initial[f"need_count_{i}"] = need.count
    for i in range(len(stream.needs.all()), NEED_SLOTS):
        initial[f"need_count_{i}"] = 0
    return initial
