"""The health-section registry orders sections and refuses a second section under one name."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from channels import health


@pytest.fixture
def clean_registry():
    with health.sections.snapshot():
        for name in health.sections.names():
            health.sections.unregister(name)
        yield


def test_sections_come_in_order_with_their_context(clean_registry):
    health.register_health_section(name="b", template="b.html", context=lambda c: {"n": 2}, order=2)
    health.register_health_section(name="a", template="a.html", context=lambda c: {"n": c}, order=1)
    bound = health.bound_sections("chan")
    assert [(s.name, s.context) for s in bound] == [("a", {"n": "chan"}), ("b", {"n": 2})]


def test_another_section_under_a_taken_name_is_refused(clean_registry):
    health.register_health_section(name="a", template="a.html", context=dict)
    health.register_health_section(name="a", template="a.html", context=dict)  # same: harmless
    with pytest.raises(ImproperlyConfigured):
        health.register_health_section(name="a", template="other.html", context=dict)
