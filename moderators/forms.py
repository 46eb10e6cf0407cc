"""Parse and validate recruitment input; choices limited to the channel. No writes here."""

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from channels.languages import LANGUAGE_CHOICES
from channels.models import Channel, Platform, Role
from portal.models import TIME_ZONE_CHOICES

from .models import (
    CHOICE_MAX,
    CHOICES_MAX,
    DESCRIPTION_MAX,
    EXPERIENCE_MAX,
    HOURS_MAX,
    LONG_ANSWER_MAX,
    MESSAGE_MAX,
    PROMPT_MAX,
    QUESTION_HELP_MAX,
    SHORT_ANSWER_MAX,
    TITLE_MAX,
    OpeningQuestion,
    QuestionKind,
)

APPLICANT_LIMIT_MAX = 10_000


class OpeningForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("For example “Chat moderator for European evenings”."),
    )
    role = forms.ModelChoiceField(
        label=_("Role offered"),
        queryset=Role.objects.none(),
        empty_label=None,
        help_text=_("The role an accepted applicant will hold in your team."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the moderator will do and what your community is like. Markdown works."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Languages the moderator should read and write in chat."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("Any time zone"))] + TIME_ZONE_CHOICES,
        required=False,
    )
    hours = forms.CharField(
        label=_("Hours"),
        required=False,
        max_length=HOURS_MAX,
        help_text=_("When you stream, for example “Tue, Thu and Sat, 19:00–23:00”."),
    )
    experience = forms.CharField(
        label=_("Experience"),
        required=False,
        max_length=EXPERIENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What experience you hope for. Leave empty if newcomers are welcome."),
    )
    closes_on = forms.DateField(
        label=_("Closing date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional: the last day applications are taken."),
    )
    applicant_limit = forms.IntegerField(
        label=_("Applicant limit"),
        required=False,
        min_value=1,
        max_value=APPLICANT_LIMIT_MAX,
        help_text=_("Optional: stop taking applications after this many."),
    )

    def __init__(self, *args, channel: Channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.for_channel(channel).order_by(
            "position", "name"
        )


def parse_choices(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    prompt = forms.CharField(label=_("Question"), max_length=PROMPT_MAX)
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        max_length=QUESTION_HELP_MAX,
        help_text=_("Optional: shown under the question."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=QuestionKind.choices, initial=QuestionKind.SHORT_TEXT
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=CHOICES_MAX * (CHOICE_MAX + 2),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For “one choice” and “several choices”: one choice per line."),
    )

    def clean_choices(self):
        return parse_choices(self.cleaned_data["choices"])

    @classmethod
    def initial_for(cls, question: OpeningQuestion) -> dict:
        return {
            "prompt": question.prompt,
            "help_text": question.help_text,
            "kind": question.kind,
            "required": question.required,
            "choices": "\n".join(question.choices),
        }


class QuestionMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool:
    return value == "yes"


def answer_field(question: OpeningQuestion) -> forms.Field:
    """The form field for one question, with the widget its kind calls for."""
    label = question.prompt
    if not question.required:
        label = _("%(question)s (optional)") % {"question": label}
    common = {
        "label": label,
        "required": question.required,
        # The site's field template prints help text as HTML: escape the team's text here.
        "help_text": escape(question.help_text),
    }
    choices = [(choice, choice) for choice in question.choices]
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_ANSWER_MAX, **common)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=LONG_ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common
        )
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.TypedChoiceField(
        choices=YES_NO, coerce=_yes_no, empty_value=None, widget=forms.RadioSelect, **common
    )


class ApplicationForm(forms.Form):
    """One field per question, named question_<id>, then a message to the team."""

    def __init__(self, *args, questions: list[OpeningQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"question_{question.pk}"] = answer_field(question)
        self.fields["message"] = forms.CharField(
            label=_("Message to the team (optional)"),
            required=False,
            max_length=MESSAGE_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("Introduce yourself: why this channel, and what you'd bring."),
        )

    def answers(self) -> dict[int, object]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.pk}")
            if question.kind == QuestionKind.SINGLE_CHOICE and value == "":
                value = None
            answers[question.pk] = value
        return answers


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language"))] + LANGUAGE_CHOICES
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    platform = forms.ChoiceField(
        label=_("Platform"), required=False, choices=[("", _("Any platform")), *Platform.choices]
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args, roles: list[str], time_zones: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Any role"))] + [(name, name) for name in roles]
        self.fields["time_zone"].choices = [("", _("Any time zone"))] + [
            (zone, zone.replace("_", " ")) for zone in time_zones
        ]

    def filters(self) -> dict:
        """The valid filters; an odd value in the query string is ignored, never an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "language": data.get("language") or "",
            "role": data.get("role") or "",
            "platform": data.get("platform") or "",
            "time_zone": data.get("time_zone") or "",
        }
