"""Parse resource input; choices limited to the channel. No writes here."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from channels.models import Role

from .models import BODY_MAX, ITEMS_MAX, MINUTES_MAX, REPORT_MAX, SUMMARY_MAX, TITLE_MAX, Kind


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in the library."),
    )
    body = forms.CharField(
        label=_("Article"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists, links. HTML is removed."),
    )
    url = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("A public web page starting with https:// or http://."),
    )
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A PDF or an image (PNG, JPEG, GIF, WebP), up to 8 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    items = forms.CharField(
        label=_("Checklist items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One item per line, in order (at most %(max)s).") % {"max": ITEMS_MAX},
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas, for example: chat, safety."),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated time (minutes)"), min_value=1, max_value=MINUTES_MAX, initial=5
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Meant for roles"),
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_roles = forms.ModelMultipleChoiceField(
        label=_("Required training for roles"),
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members holding these roles see it on their dashboard and are notified."),
    )

    CONTENT = {
        Kind.ARTICLE: "body",
        Kind.LINK: "url",
        Kind.FILE: "upload",
        Kind.CHECKLIST: "items",
    }

    def __init__(self, *args, channel, kind, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        roles = Role.objects.for_channel(channel).order_by("position", "name")
        self.fields["roles"].queryset = roles
        self.fields["required_roles"].queryset = roles
        for field_kind, name in self.CONTENT.items():
            if field_kind != kind:
                del self.fields[name]
        if kind == Kind.FILE and editing:
            self.fields["upload"].help_text = _(
                "Leave empty to keep the current file. A PDF or an image, up to 8 MB."
            )
        if kind == Kind.CHECKLIST and editing:
            self.fields["items"].help_text = _(
                "One item per line. Changing the items resets everyone's ticks on this checklist."
            )

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    role = forms.ModelChoiceField(
        label=_("Role"), queryset=Role.objects.none(), required=False, empty_label=_("Any role")
    )

    def __init__(self, *args, channel, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("Any tag"))] + [(t, t) for t in tags]
        self.fields["role"].queryset = Role.objects.for_channel(channel).order_by("position")

    def filters(self) -> dict:
        """The filters that parse; an odd value in a shared link is dropped, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", "") or "",
            "tag": data.get("tag", "") or "",
            "role": data.get("role"),
        }


class CommunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    bookmarked = forms.BooleanField(label=_("Only my bookmarks"), required=False)

    def __init__(self, *args, tags, signed_in=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("Any tag"))] + [(t, t) for t in tags]
        self.fields["language"].choices = [("", _("Any language")), *settings.LANGUAGES]
        if not signed_in:  # visitors read the library; bookmarks need an account
            del self.fields["bookmarked"]

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", "") or "",
            "tag": data.get("tag", "") or "",
            "language": data.get("language", "") or "",
            "bookmarked": bool(data.get("bookmarked")),
        }


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this resource?"),
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The platform team reads every report. Say what is wrong and where."),
    )


class AddToChannelForm(forms.Form):
    channel = forms.ChoiceField(label=_("Add to the library of"))

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = {str(c.pk): c for c in channels}
        self.fields["channel"].choices = [(str(c.pk), c.name) for c in channels]

    def chosen(self):
        return self.channels[self.cleaned_data["channel"]]
