from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    ATTEMPTS_MAX,
    CHOICE_MAX,
    CHOICE_SLOTS,
    COOLDOWN_MAX_MINUTES,
    REASON_MAX,
    SITUATION_MAX,
    Breach,
)


class SettingsForm(forms.Form):
    pass_mark = forms.IntegerField(
        label=_("Pass mark (percent of questions right)"), min_value=1, max_value=100
    )
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"), min_value=1, max_value=ATTEMPTS_MAX
    )
    cooldown_minutes = forms.IntegerField(
        label=_("Cool-down between attempts (minutes)"),
        min_value=0,
        max_value=COOLDOWN_MAX_MINUTES,
    )


class QuestionForm(forms.Form):
    situation = forms.CharField(
        label=_("Situation"),
        max_length=SITUATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happens in chat, and the question: “What do you do?”"),
    )
    norm = forms.TypedChoiceField(label=_("Norm"), required=False, coerce=int, empty_value=None)
    breach = forms.ChoiceField(
        label=_("Ladder step"), required=False, choices=[("", "—"), *Breach.choices]
    )

    def __init__(self, *args, norms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm"].choices = [("", _("No norm")), *norms]
        for i in range(CHOICE_SLOTS):
            self.fields[f"choice_{i}"] = forms.CharField(
                label=_("Choice %(n)s") % {"n": i + 1}, max_length=CHOICE_MAX, required=False
            )
            self.fields[f"correct_{i}"] = forms.BooleanField(label=_("Right"), required=False)
            self.fields[f"reason_{i}"] = forms.CharField(
                label=_("Why (shown after answering)"),
                max_length=REASON_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def main_fields(self):
        return [self["situation"], self["norm"], self["breach"]]

    def choice_rows(self):
        return [
            (i + 1, self[f"choice_{i}"], self[f"correct_{i}"], self[f"reason_{i}"])
            for i in range(CHOICE_SLOTS)
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "situation": data["situation"],
            "norm": data["norm"],
            "breach": data["breach"],
            "choices": [
                {
                    "text": data[f"choice_{i}"],
                    "correct": data[f"correct_{i}"],
                    "reason": data[f"reason_{i}"],
                }
                for i in range(CHOICE_SLOTS)
            ],
        }

    @staticmethod
    def initial_for(question) -> dict:
        initial = {
            "situation": question.situation,
            "norm": question.norm_id,
            "breach": question.breach,
        }
        for i, choice in enumerate(question.choices.all()):
            initial[f"choice_{i}"] = choice.text
            initial[f"correct_{i}"] = choice.correct
            initial[f"reason_{i}"] = choice.reason
        return initial
