"""Parse and validate debrief input; no writes here. Choices are the channel's own."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import (
    ACTION_SLOTS,
    COMMENT_MAX,
    CONTEXT_MAX,
    DETAIL_MAX,
    DURATION_MAX_MINUTES,
    REFLECTION_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ActionKind,
)
from .services import norm_choices

MARKDOWN_HELP = _("Markdown works.")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.username


class DebriefForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("A few words the team will recognise: “Hate raid during the charity stream”."),
    )
    happened_at = forms.DateTimeField(
        label=_("When it started"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("How long it lasted (minutes)"), min_value=1, max_value=DURATION_MAX_MINUTES
    )
    context = forms.CharField(
        label=_("Stream or event"),
        max_length=CONTEXT_MAX,
        help_text=_("Which stream or event: “Saturday speedrun marathon”."),
    )
    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
    )
    norms = forms.TypedMultipleChoiceField(
        label=_("Norms involved"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the current published version of the channel's norms."),
    )
    went_well = forms.CharField(
        label=_("What went well"),
        required=False,
        max_length=REFLECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
    )
    do_differently = forms.CharField(
        label=_("What to do differently"),
        required=False,
        max_length=REFLECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args, channel, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norms"].choices = [
            (number, f"{number}. {title}") for number, title, _pk in norm_choices(version)
        ]
        team = get_user_model().objects.filter(memberships__channel=channel).order_by("username")
        for slot in range(1, ACTION_SLOTS + 1):
            self.fields[f"moderator_{slot}"] = MemberChoiceField(
                label=_("Moderator %(n)s") % {"n": slot},
                queryset=team,
                required=False,
                empty_label=_("(nobody)"),
            )
            self.fields[f"action_{slot}"] = forms.ChoiceField(
                label=_("Action %(n)s") % {"n": slot},
                choices=[("", "—"), *ActionKind.choices],
                required=False,
            )
            self.fields[f"detail_{slot}"] = forms.CharField(
                label=_("Details %(n)s") % {"n": slot},
                max_length=DETAIL_MAX,
                required=False,
                help_text=_("Optional; needed for “Something else”."),
            )

    def main_fields(self):
        return [self[name] for name in ("title", "happened_at", "duration_minutes", "context")]

    def reflection_fields(self):
        return [self[name] for name in ("what_happened",)]

    def closing_fields(self):
        return [self[name] for name in ("went_well", "do_differently")]

    def action_rows(self):
        return [
            (slot, self[f"moderator_{slot}"], self[f"action_{slot}"], self[f"detail_{slot}"])
            for slot in range(1, ACTION_SLOTS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        actions = []
        for slot in range(1, ACTION_SLOTS + 1):
            moderator = cleaned.get(f"moderator_{slot}")
            action = cleaned.get(f"action_{slot}")
            detail = cleaned.get(f"detail_{slot}", "")
            if moderator is None and not action:
                continue
            if moderator is None or not action:
                self.add_error(f"action_{slot}", _("Choose both the moderator and what they did."))
                continue
            actions.append({"moderator": moderator, "action": action, "detail": detail})
        cleaned["actions"] = actions
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            **{
                key: data[key]
                for key in (
                    "title",
                    "happened_at",
                    "duration_minutes",
                    "context",
                    "what_happened",
                    "went_well",
                    "do_differently",
                )
            },
            "norm_numbers": data["norms"],
            "actions": data["actions"],
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HELP,
    )


class LessonsForm(forms.Form):
    summary = forms.CharField(
        label=_("Lessons agreed"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the team will do from now on, in a few sentences. Markdown works."),
    )


class ProposeForm(forms.Form):
    norm = forms.TypedChoiceField(label=_("Norm to change"), coerce=int)
    note = forms.CharField(
        label=_("Why it should change"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: becomes a drafting comment on the norm."),
    )

    def __init__(self, *args, debrief, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm"].choices = [
            (link.norm_id, f"{link.number}. {link.title}")
            for link in debrief.norm_links.all()
            if link.norm_id
        ]


class CaseStudyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Case study"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Remove every name (moderators' and viewers') before creating it. Markdown works."
        ),
    )
    not_names = forms.BooleanField(
        label=_("The words the check lists are not names here (a username that is also a word)"),
        required=False,
    )
