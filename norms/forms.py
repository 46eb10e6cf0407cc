"""Parse and validate norms input; no writes here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    COMMENT_MAX,
    EXAMPLES_MAX,
    EXPLANATION_MAX,
    KEY_MAX,
    SUMMARY_MAX,
    TIMEOUT_MAX_MINUTES,
    TITLE_MAX,
    Action,
    Category,
)


def _timeout(label, initial=None):
    return forms.IntegerField(
        label=label,
        initial=initial,
        required=False,
        min_value=1,
        max_value=TIMEOUT_MAX_MINUTES,
        help_text=_("Minutes, when the action is a timeout."),
    )


class NormForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("Short, so a bot can quote it: “Be kind to each other”."),
    )
    key = forms.CharField(
        label=_("Key for bots"),
        required=False,
        max_length=KEY_MAX,
        help_text=_(
            "A short name bots answer to, e.g. “spam” for !rule spam. Empty: made from the title."
        ),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the norm means for chat and why it matters. Markdown works."),
    )
    allowed_examples = forms.CharField(
        label=_("Allowed (one example a line)"),
        required=False,
        max_length=EXAMPLES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    not_allowed_examples = forms.CharField(
        label=_("Not allowed (one example a line)"),
        required=False,
        max_length=EXAMPLES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    first_action = forms.ChoiceField(
        label=_("First breach"), choices=Action.choices, initial=Action.REMIND
    )
    first_timeout = _timeout(_("First breach: timeout minutes"))
    repeated_action = forms.ChoiceField(
        label=_("Repeated breach"), choices=Action.choices, initial=Action.TIMEOUT
    )
    repeated_timeout = _timeout(_("Repeated breach: timeout minutes"), 10)
    severe_action = forms.ChoiceField(
        label=_("Severe breach"), choices=Action.choices, initial=Action.BAN
    )
    severe_timeout = _timeout(_("Severe breach: timeout minutes"))

    LADDER = ("first_action", "first_timeout", "repeated_action", "repeated_timeout")
    LADDER += ("severe_action", "severe_timeout")

    def content_fields(self):
        return [self[name] for name in self.fields if name not in self.LADDER]

    def ladder_fields(self):
        return [self[name] for name in self.LADDER]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Change summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why, in a sentence or two. The history shows it."),
    )
    change = forms.ChoiceField(
        label=_("What kind of change is this?"),
        choices=[
            ("material", _("It changes what moderators must do: everyone acknowledges again")),
            ("wording", _("Only the wording: earlier acknowledgements carry over")),
        ],
        widget=forms.RadioSelect,
        initial="material",
    )


class AcknowledgeForm(forms.Form):
    number = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class CompareForm(forms.Form):
    old = forms.IntegerField(label=_("Compare version"), min_value=1, max_value=2**31 - 1)
    new = forms.IntegerField(label=_("with version"), min_value=1, max_value=2**31 - 1)
