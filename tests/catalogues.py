"""The catalogue check: every string the code marks is translated, and translated safely.

`extract_msgids()` runs Django's `makemessages` (the flags the catalogues are made with,
`--no-location`) over a copy of the project's sources in a temporary folder, so the real
catalogues are never touched. `check_catalogue()` then compares one catalogue with that list
and reports, per entry:

- missing: a marked string the catalogue does not have (or has only as an obsolete `#~`);
- fuzzy: flagged `#, fuzzy` (gettext ignores fuzzy translations);
- untranslated: an empty msgstr, or an empty plural form;
- placeholders: the msgstr's placeholders differ from the msgid's: `%(name)s`, `%s`, `%d`
  (python-format), `{name}`, `{0}` (python-brace-format), Django template tokens such as
  `{{ actor }}` and `{% if roles %}` (notification summaries), and HTML tags (`<a>`, `</a>`,
  `<strong>`); a plural form may leave out the count, as "one comment" does;
- plurals: an entry with fewer or more forms than the header's `Plural-Forms` says, or a
  header without `Plural-Forms`.

Run it by hand with `.venv/bin/python -m tests.catalogues` (it prints what to fix).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
# Folders that hold no project strings (tools, installs, uploads, outputs).
NOT_SOURCES = (
    ".*",
    "node_modules",
    "locale",
    "media",
    "private-media",
    "staticfiles",
    "test-artifacts",
    "sent_emails",
    "__pycache__",
    "*.sqlite3",
    "*.mo",
)
MAKEMESSAGES_FLAGS = ["--no-location", "--no-obsolete"]

PYTHON_FORMAT = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
)
BRACE_FORMAT = re.compile(r"(?<!\{)\{(?!\{)[^{}]*\}(?!\})")
TEMPLATE_TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")


@dataclass
class Entry:
    msgid: str | None
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # {0: text} for singular entries
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass(frozen=True)
class Problem:
    kind: str  # missing, fuzzy, untranslated, placeholders, plurals
    msgid: str
    detail: str = ""

    def __str__(self) -> str:
        text = self.msgid if len(self.msgid) < 70 else self.msgid[:67] + "..."
        return f"{self.kind}: {text!r}" + (f" ({self.detail})" if self.detail else "")


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a PO string is a C-style quoted string, as Python's are


def parse_po(text: str) -> list[Entry]:
    """The catalogue's entries, the header (msgid "") first. Obsolete `#~` entries are kept,
    marked obsolete; `#|` previous-msgid comments are ignored."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None  # the field continuation lines append to
    start = 0

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#,"):
            finish()
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"line {number}: a string continues nothing")
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] = current.msgstr.get(index, "") + value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        # msgctxt always opens an entry; msgid too, unless it follows that entry's msgctxt.
        if keyword == "msgctxt" or (keyword == "msgid" and current and current.msgid is not None):
            finish()
        if current is None:
            start = number
            current = Entry(msgid=None, flags=flags, obsolete=obsolete, line=start)
            flags = set()
        value = _unquote(rest)
        if keyword == "msgctxt":
            current.msgctxt, target = value, ("msgctxt", None)
        elif keyword == "msgid":
            current.msgid, target = value, ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = value, ("msgid_plural", None)
        elif keyword == "msgstr":
            current.msgstr[0], target = value, ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            current.msgstr[index], target = value, ("msgstr", index)
        else:
            raise ValueError(f"line {number}: unknown keyword {keyword!r}")
    finish()
    return entries


def plural_count(header: Entry | None) -> int | None:
    if header is None:
        return None
    found = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr.get(0, ""))
    return int(found.group(1)) if found else None


def placeholders(text: str, flags: set[str]) -> dict[str, Counter]:
    """What must survive translation, by kind."""
    found: dict[str, Counter] = {
        "template": Counter(" ".join(t[2:-2].split()) for t in TEMPLATE_TOKEN.findall(text)),
        "html": Counter(
            ("/" if tag.group(0).startswith("</") else "") + tag.group(1).lower()
            for tag in HTML_TAG.finditer(text)
        ),
    }
    bare = TEMPLATE_TOKEN.sub("", text)
    if "python-format" in flags:
        found["python"] = Counter(p for p in PYTHON_FORMAT.findall(bare) if p != "%%")
    if "python-brace-format" in flags:
        found["brace"] = Counter(BRACE_FORMAT.findall(bare))
    return found


def _compare(source: dict[str, Counter], translated: dict[str, Counter], *, optional=()) -> str:
    """ "" when they match; else what differs. `optional` placeholders may be left out (the
    count in a plural form such as "one comment")."""
    differences = []
    for kind, wanted in source.items():
        got = translated.get(kind, Counter())
        missing = wanted - got
        for name in optional:
            missing.pop(name, None)
        extra = got - wanted
        if missing:
            differences.append(f"{kind} missing {sorted(missing)}")
        if extra:
            differences.append(f"{kind} extra {sorted(extra)}")
    return "; ".join(differences)


def check_entry(entry: Entry, nplurals: int | None) -> list[Problem]:
    problems = []
    if "fuzzy" in entry.flags:
        problems.append(Problem("fuzzy", entry.msgid))
    if entry.msgid_plural is None:
        text = entry.msgstr.get(0, "")
        if not text:
            return problems + [Problem("untranslated", entry.msgid)]
        difference = _compare(
            placeholders(entry.msgid, entry.flags), placeholders(text, entry.flags)
        )
        if difference:
            problems.append(Problem("placeholders", entry.msgid, difference))
        return problems
    # Without Plural-Forms the header is reported once, not every plural entry.
    if nplurals is not None and sorted(entry.msgstr) != list(range(nplurals)):
        problems.append(
            Problem("plurals", entry.msgid, f"{len(entry.msgstr)} forms, header says {nplurals}")
        )
    if any(not text for text in entry.msgstr.values()):
        problems.append(Problem("untranslated", entry.msgid, "a plural form is empty"))
        return problems
    singular = placeholders(entry.msgid, entry.flags)
    plural = placeholders(entry.msgid_plural, entry.flags)
    union = {kind: singular[kind] | plural.get(kind, Counter()) for kind in singular}
    for kind in plural:
        union.setdefault(kind, plural[kind])
    # The count may be left out of a form ("one comment"), nothing else. It is the plural's
    # first placeholder, as in "%(count)d comments" and Django's "{{ counter }} notifications".
    first = PYTHON_FORMAT.search(TEMPLATE_TOKEN.sub("", entry.msgid_plural))
    counts = {first.group(0)} if first and "python-format" in entry.flags else set()
    for index, text in sorted(entry.msgstr.items()):
        difference = _compare(union, placeholders(text, entry.flags), optional=counts)
        if difference:
            problems.append(Problem("placeholders", entry.msgid, f"msgstr[{index}]: {difference}"))
    return problems


def check_catalogue(text: str, expected: set[tuple[str | None, str]]) -> list[Problem]:
    """Every problem of one catalogue against the extracted msgids `expected`."""
    entries = parse_po(text)
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    nplurals = plural_count(header)
    problems = []
    if nplurals is None:
        problems.append(Problem("plurals", "", "the header has no Plural-Forms"))
    live = {e.key: e for e in entries if not e.obsolete and e.msgid != ""}
    for key in sorted(expected - set(live), key=lambda k: (k[1], k[0] or "")):
        problems.append(Problem("missing", key[1], f"context {key[0]!r}" if key[0] else ""))
    for entry in live.values():
        if entry.key in expected:
            problems += check_entry(entry, nplurals)
    return problems


def _copy_sources(target: Path) -> None:
    shutil.copytree(BASE_DIR, target, ignore=shutil.ignore_patterns(*NOT_SOURCES), symlinks=True)


def extract_msgids(language: str = "de") -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every string the sources mark, as `makemessages` extracts them."""
    with tempfile.TemporaryDirectory(prefix="modportal-messages-") as folder:
        copy = Path(folder) / "project"
        _copy_sources(copy)
        (copy / "locale").mkdir()
        env = {
            **os.environ,
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": f"sqlite:///{folder}/unused.sqlite3",
        }
        env.pop("PYTHONPATH", None)
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", language, *MAKEMESSAGES_FLAGS],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        text = (copy / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    return {e.key for e in parse_po(text) if e.msgid != "" and not e.obsolete}


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def main() -> int:
    expected = extract_msgids()
    failed = False
    for path in catalogues():
        problems = check_catalogue(path.read_text(), expected)
        kinds = Counter(problem.kind for problem in problems)
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        print(f"{path.relative_to(BASE_DIR)}: {len(expected)} msgids, {summary or 'complete'}")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
