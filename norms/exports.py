"""The current version for chat bots and overlays: JSON, plain text, one line per norm.

User Markdown reaches every export through the one sanitising renderer: `explanation_html`
is its output, and the plain text is that output with the tags taken out, so script, event
handlers, `javascript:` links, iframes and raw HTML are inert in all of them.
The JSON format is documented in norms/rules.schema.json.
"""

import html
import re

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from portal.markdown import render_markdown

from .diff import ladder_text
from .models import NormVersion, key_from_title

LINE_MAX = 400
SCHEMA_URL = "https://modportal.example/schemas/rules-1.json"


def plain(markdown_text: str) -> str:
    """Markdown as one line of plain text, via the sanitiser."""
    text = html.unescape(strip_tags(render_markdown(markdown_text)))
    return re.sub(r"\s+", " ", text).strip()


def norm_keys(norms: list[dict]) -> list[str]:
    """Each norm's key: the one it was published with, or (versions published before keys
    existed) one made from its title, unique in the version."""
    taken: set[str] = {norm["key"] for norm in norms if norm.get("key")}
    keys = []
    for norm in norms:
        key = norm.get("key") or key_from_title(norm["title"], taken)
        taken.add(key)
        keys.append(key)
    return keys


def keyed_norms(norms: list[dict]) -> list[dict]:
    """The version's norms with their number and key, the shape the API serves."""
    return [
        {
            "number": number,
            "key": key,
            "title": norm["title"],
            "category": norm["category"],
            "explanation": norm["explanation"],
            "allowed": norm["allowed"],
            "not_allowed": norm["not_allowed"],
            "enforcement": norm["enforcement"],
        }
        for number, (key, norm) in enumerate(zip(norm_keys(norms), norms, strict=True), start=1)
    ]


def rules_json(*, channel, version: NormVersion) -> dict:
    return {
        "schema": SCHEMA_URL,
        "channel": {"slug": channel.slug, "name": channel.name},
        "version": version.number,
        "published_at": version.published_at.isoformat().replace("+00:00", "Z"),
        "summary": version.summary,
        "url": reverse("norms:rules", kwargs={"slug": channel.slug}),
        "norms": [
            {
                "number": number,
                "key": key,
                "title": norm["title"],
                "category": norm["category"],
                "explanation": plain(norm["explanation"]),
                "explanation_html": str(render_markdown(norm["explanation"])),
                "allowed": norm["allowed"],
                "not_allowed": norm["not_allowed"],
                "enforcement": norm["enforcement"],
                "text_url": reverse(
                    "norms:rule_txt", kwargs={"slug": channel.slug, "number": number}
                ),
                "key_text_url": reverse(
                    "norms:rule_key_txt", kwargs={"slug": channel.slug, "key": key}
                ),
            }
            for number, (key, norm) in enumerate(
                zip(norm_keys(version.norms), version.norms, strict=True), start=1
            )
        ],
    }


def one_line(number: int, norm: dict) -> str:
    """What a bot says for `!rule 3`: one line, under LINE_MAX characters."""
    title = re.sub(r"\s+", " ", norm["title"]).strip()
    line = f"Rule {number}: {title}"
    explanation = plain(norm["explanation"])
    if explanation:
        line = f"{line} — {explanation}"
    if len(line) >= LINE_MAX:
        line = line[: LINE_MAX - 2].rstrip() + "…"
    return line


def rules_text(*, channel, version: NormVersion) -> str:
    lines = [
        _("Norms of %(channel)s, version %(number)s (%(date)s)")
        % {
            "channel": channel.name,
            "number": version.number,
            "date": version.published_at.date().isoformat(),
        },
        "",
    ]
    for number, norm in enumerate(version.norms, start=1):
        lines.append(one_line(number, norm))
        for example in norm["allowed"]:
            lines.append("  + " + _("Allowed: %(example)s") % {"example": example})
        for example in norm["not_allowed"]:
            lines.append("  - " + _("Not allowed: %(example)s") % {"example": example})
        ladder = norm["enforcement"]
        lines.append(
            "  "
            + _("First: %(first)s · Repeated: %(repeated)s · Severe: %(severe)s")
            % {
                "first": ladder_text(ladder["first"]),
                "repeated": ladder_text(ladder["repeated"]),
                "severe": ladder_text(ladder["severe"]),
            }
        )
        lines.append("")
    return "\n".join(lines)
