import pytest
from django.template import TemplateSyntaxError

from portal.notifications import registry
from portal.notifications.registry import Delivery, EventType


def test_a_test_can_register_and_remove_its_own_event():
    event = EventType(name="test.registered", label="Registered", summary="Hi {{ name }}.")
    registry.register(event)
    try:
        assert registry.get("test.registered") is event
        assert event in registry.all_events()
        registry.register(event)  # the same definition again (a second ready()) is harmless
    finally:
        registry.unregister("test.registered")
    with pytest.raises(LookupError):
        registry.get("test.registered")
    assert registry.get_or_none("test.registered") is None
    assert registry.label_for("test.registered") == "test.registered"


def test_registering_a_different_event_under_a_taken_name_fails(events):
    with pytest.raises(ValueError, match="already registered"):
        registry.register(EventType(name="test.poked", label="Other", summary="x"))
    assert registry.get("test.poked") is events.poked


@pytest.mark.parametrize("name", ["poked", "Test.Poked", "test.", "test..poked", "a__b.c", ""])
def test_event_names_are_dotted_lower_case_words(name):
    with pytest.raises(ValueError):
        EventType(name=name, label="x", summary="x")


def test_an_unknown_default_delivery_is_refused():
    with pytest.raises(ValueError, match="Unknown delivery"):
        EventType(name="test.bad", label="x", summary="x", default_delivery="carrier-pigeon")


def test_a_broken_summary_template_fails_at_registration_not_at_notify_time():
    with pytest.raises(TemplateSyntaxError):
        EventType(name="test.broken", label="x", summary="{% if %}")


def test_the_summary_is_one_line_of_plain_text():
    event = EventType(
        name="test.summary",
        label="x",
        summary="{{ actor }} says\n{{ note }}\r\nin {{ channel }} about {{ target_label }}",
    )
    text = event.render_summary(
        context={"note": "<b>fish & chips</b>\nBcc: x@example.com"},
        actor="Ann",
        channel="Lounge",
        target_label="Rules",
    )
    # Not HTML-escaped here (the text is escaped where it is shown), and never multi-line.
    assert text == "Ann says <b>fish & chips</b> Bcc: x@example.com in Lounge about Rules"
    long = event.render_summary(context={"note": "x" * 1000}, actor="A", channel="C")
    assert len(long) == registry.SUMMARY_MAX_LENGTH


def test_events_are_listed_by_label(events):
    labels = [str(event.label) for event in registry.all_events()]
    assert labels.index("Test poke") < labels.index("Test wave")
    assert events.poked.default_delivery == Delivery.IMMEDIATE
