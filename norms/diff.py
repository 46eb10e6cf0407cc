"""Side-by-side comparison of two versions with difflib: additions and removals marked.

Each version is laid out as lines of text (a norm's title, category, explanation, examples and
ladder); difflib aligns the lines, and inside a changed pair of lines marks the words that
differ. Rows carry plain text segments: the template escapes them, so nothing a user wrote is
ever rendered as HTML here.
"""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Action, Category


@dataclass
class Cell:
    segments: list  # [(text, kind)], kind: "same" | "added" | "removed"
    kind: str  # "same" | "added" | "removed" | "changed" | "empty"


@dataclass
class Row:
    left: Cell
    right: Cell


def ladder_text(step: dict) -> str:
    label = Action(step["action"]).label if step["action"] in Action.values else step["action"]
    if step.get("timeout_minutes"):
        return _("%(action)s (%(minutes)s min)") % {
            "action": label,
            "minutes": step["timeout_minutes"],
        }
    return str(label)


def version_lines(norms: list[dict]) -> list[str]:
    lines = []
    for number, norm in enumerate(norms, start=1):
        category = norm["category"]
        category = Category(category).label if category in Category.values else category
        lines.append(f"{number}. {norm['title']}")
        lines.append(_("Category: %(category)s") % {"category": category})
        lines += [line for line in norm["explanation"].splitlines() if line.strip()]
        lines += [_("Allowed: %(example)s") % {"example": e} for e in norm["allowed"]]
        lines += [_("Not allowed: %(example)s") % {"example": e} for e in norm["not_allowed"]]
        ladder = norm["enforcement"]
        lines.append(
            _("First: %(first)s · Repeated: %(repeated)s · Severe: %(severe)s")
            % {
                "first": ladder_text(ladder["first"]),
                "repeated": ladder_text(ladder["repeated"]),
                "severe": ladder_text(ladder["severe"]),
            }
        )
        lines.append("")
    return lines


def _words(old: str, new: str) -> tuple[list, list]:
    a, b = old.split(" "), new.split(" ")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append((" ".join(a[i1:i2]), "same"))
            right.append((" ".join(b[j1:j2]), "same"))
            continue
        if i2 > i1:
            left.append((" ".join(a[i1:i2]), "removed"))
        if j2 > j1:
            right.append((" ".join(b[j1:j2]), "added"))
    return left, right


EMPTY = Cell(segments=[], kind="empty")


def compare(old_norms: list[dict], new_norms: list[dict]) -> tuple[list[Row], int, int]:
    """(rows, lines added, lines removed)."""
    a, b = version_lines(old_norms), version_lines(new_norms)
    rows, added, removed = [], 0, 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [
                Row(Cell([(line, "same")], "same"), Cell([(line, "same")], "same"))
                for line in a[i1:i2]
            ]
            continue
        old, new = a[i1:i2], b[j1:j2]
        for index in range(max(len(old), len(new))):
            left = old[index] if index < len(old) else None
            right = new[index] if index < len(new) else None
            if left is not None and right is not None:
                left_segments, right_segments = _words(left, right)
                rows.append(Row(Cell(left_segments, "changed"), Cell(right_segments, "changed")))
                added, removed = added + 1, removed + 1
            elif left is not None:
                rows.append(Row(Cell([(left, "removed")], "removed"), EMPTY))
                removed += 1
            else:
                rows.append(Row(EMPTY, Cell([(right, "added")], "added")))
                added += 1
    return rows, added, removed
