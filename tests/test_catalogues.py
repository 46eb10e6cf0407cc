"""The catalogue check (tests/catalogues.py): first on small fixture catalogues, one good and
one for each way a catalogue goes wrong, then on the real ones against freshly extracted
strings."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from .catalogues import catalogues, check_catalogue, extract_msgids, parse_po

FIXTURES = Path(__file__).parent / "catalogue_fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def expected_of(name: str) -> set:
    """The msgids of a fixture, standing in for what makemessages would extract."""
    return {e.key for e in parse_po(fixture(name)) if e.msgid and not e.obsolete}


EXPECTED = expected_of("good.po")

# The real catalogues are checked against one extraction (a makemessages run over a copy of the
# sources, several seconds): the module's tests stay on one pytest-xdist worker so it runs once.
pytestmark = pytest.mark.xdist_group("catalogues")


def problems(name: str) -> list[tuple[str, str]]:
    return [(p.kind, p.msgid) for p in check_catalogue(fixture(name), EXPECTED)]


def test_the_parser_reads_contexts_plurals_flags_and_continuations():
    entries = {e.key: e for e in parse_po(fixture("good.po"))}
    assert entries[("verb", "Open")].msgstr == {0: "Öffnen"}
    plural = entries[(None, "%(count)d comment")]
    assert plural.msgid_plural == "%(count)d comments"
    assert plural.msgstr == {0: "ein Kommentar", 1: "%(count)d Kommentare"}
    assert "python-format" in plural.flags
    summary = next(e for key, e in entries.items() if key[1].startswith("{{ actor }}"))
    assert summary.msgid.endswith("{% else %}no role{% endif %}.")
    assert "keine Rolle" in summary.msgstr[0]
    obsolete = entries[(None, "A string the code no longer has")]
    assert obsolete.obsolete


def test_a_complete_catalogue_passes():
    assert problems("good.po") == []


def test_an_obsolete_entry_does_not_count_as_present():
    expected = EXPECTED | {(None, "A string the code no longer has")}
    found = check_catalogue(fixture("good.po"), expected)
    assert [(p.kind, p.msgid) for p in found] == [("missing", "A string the code no longer has")]


@pytest.mark.parametrize(
    "name, kind, msgid",
    [
        ("missing.po", "missing", "Channels"),
        ("fuzzy.po", "fuzzy", "Channels"),
        ("untranslated.po", "untranslated", "Channels"),
        ("untranslated_plural.po", "untranslated", "%(count)d comment"),
        ("plurals_incomplete.po", "plurals", "%(count)d comment"),
        ("no_plural_forms.po", "plurals", ""),
        ("python_placeholder.po", "placeholders", "Version %(number)s of %(name)s"),
        ("positional_placeholder.po", "placeholders", "%s left the team"),
        ("brace_placeholder.po", "placeholders", "Hello {name}"),
        (
            "template_placeholder.po",
            "placeholders",
            "{{ actor }} changed your roles in {{ channel_name }} to {% if roles %}"
            "{{ roles|join:', ' }}{% else %}no role{% endif %}.",
        ),
        (
            "html_tag.po",
            "placeholders",
            'See <a href="%(url)s">your inbox</a> or <strong>stop</strong>.',
        ),
        (
            "plural_placeholder.po",
            "placeholders",
            "%(counter)s notification since your last digest, %(name)s.",
        ),
    ],
)
def test_each_kind_of_bad_catalogue_is_reported(name, kind, msgid):
    assert problems(name) == [(kind, msgid)]


def test_the_report_says_what_differs():
    (problem,) = check_catalogue(fixture("python_placeholder.po"), EXPECTED)
    assert "%(number)s" in problem.detail and "%(nummer)s" in problem.detail
    (problem,) = check_catalogue(fixture("html_tag.po"), EXPECTED)
    assert "strong" in problem.detail


@pytest.fixture(scope="module")
def extracted():
    return extract_msgids()


def test_extraction_finds_python_template_and_plural_strings(extracted):
    msgids = {msgid for _context, msgid in extracted}
    assert "Skip to content" in msgids  # {% translate %} in base.html
    assert "Brazilian Portuguese" in msgids  # gettext_lazy in settings.LANGUAGES
    assert "Your daily digest: %(count)d notification" in msgids  # ngettext
    assert "Times are shown in UTC." in msgids  # the footer's label
    assert any(m.startswith("{{ actor }} changed your roles") for m in msgids)  # a summary


def test_every_language_has_a_catalogue():
    shipped = {path.parent.parent.name for path in catalogues()}
    wanted = {to_locale(code) for code, _name in settings.LANGUAGES if code != "en"}
    assert wanted <= shipped


@pytest.mark.catalogues
@pytest.mark.parametrize("path", catalogues(), ids=lambda path: path.parent.parent.name)
def test_the_catalogue_is_complete(path, extracted):
    """Every marked string translated, not fuzzy, placeholders and plural forms intact."""
    found = check_catalogue(path.read_text(), extracted)
    shown = "\n".join(str(problem) for problem in found[:40])
    more = f"\n… and {len(found) - 40} more" if len(found) > 40 else ""
    assert not found, f"{path.parent.parent.name}: {len(found)} problems\n{shown}{more}"
