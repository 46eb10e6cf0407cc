"""Parse the review pipeline's input. The services check every rule again; no writes here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DECISION_MESSAGE_MAX, NOTE_MAX, TRANSITIONS, ApplicationState, VoteChoice


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Move to"))
    trial_ends_on = forms.DateField(
        label=_("Trial ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for a trial; two weeks from today when left empty."),
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=DECISION_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent with the decision as plain text."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [
            (state, ApplicationState(state).label)
            for state in TRANSITIONS.get(application.state, ())
        ]
        self.fields["to_state"].error_messages["invalid_choice"] = _(
            "Choose one of the moves offered for this application."
        )
        prefix = f"app{application.pk}"
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"{prefix}-{name}")

    def clean_message(self):
        text = self.cleaned_data["message"]
        if "\x00" in text:
            raise forms.ValidationError(
                _("Remove the invisible control characters from this text.")
            )
        return text


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Add a note for the team"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only your channel's reviewers see notes, never the applicant."),
    )

    def clean_body(self):
        text = self.cleaned_data["body"]
        if "\x00" in text:
            raise forms.ValidationError(
                _("Remove the invisible control characters from this text.")
            )
        return text


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Vote for, against or unsure.")},
    )
