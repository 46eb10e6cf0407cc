"""Selects render their options in one template loop (templates/django/forms/widgets/select.html):
a time-zone list of some 600 options costs one template, not one per option, and renders the
same markup Django's own templates would."""

from django import forms
from django.test.signals import template_rendered

from portal.models import TIME_ZONE_CHOICES


class ZoneForm(forms.Form):
    zone = forms.ChoiceField(label="Zone", choices=[("", "Any")] + TIME_ZONE_CHOICES)
    pick = forms.MultipleChoiceField(choices=[("a", "A & B"), ("b", "B")], required=False)
    grouped = forms.ChoiceField(choices=[("Group <1>", [("x", "X")]), ("y", "Y")], required=False)


def rendered_templates(callable_):
    names = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        html = callable_()
    finally:
        template_rendered.disconnect(record)
    return html, names


def test_options_cost_no_template_each():
    form = ZoneForm(data={"zone": "Europe/Berlin", "pick": ["a", "b"], "grouped": "x"})
    html, names = rendered_templates(lambda: str(form))
    assert len(TIME_ZONE_CHOICES) > 300
    assert "django/forms/widgets/select_option.html" not in names
    assert len(names) < 20
    assert '<option value="Europe/Berlin" selected>Europe/Berlin</option>' in html
    assert '<option value="">Any</option>' in html
    assert html.count(" selected>") == 4  # the zone, both picks and the grouped choice
    assert '<option value="a" selected>A &amp; B</option>' in html
    assert '<optgroup label="Group &lt;1&gt;">' in html
    assert "multiple" in html
