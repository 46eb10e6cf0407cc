"""The platform's starter training: short guides every channel is offered, one set per language.

Each language has a folder of Markdown files beside this module, named by the language code
with `_` for `-` (`en/`, `es/`, `pt_br/`, `de/`). A file is one guide: a few `key: value` header
lines (title, summary, tags, minutes, featured), a blank line, then the article. Guides are
matched across languages by file name, so `02-de-escalation.md` is the same guide in every
folder. `ensure_starter_guides` adds the missing ones as platform resources in their language
(by title, so it is safe to run again); a channel is offered the guides in its own language, or
the English ones while its language has none. Once added to a channel's library a guide is the
team's own text, edited and renamed freely.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from resources.models import Kind, Resource
from resources.services import platform_resource_create

FOLDER = Path(__file__).resolve().parent
FALLBACK = "en"


@dataclass(frozen=True)
class Guide:
    key: str
    title: str
    summary: str
    tags: tuple[str, ...]
    estimated_minutes: int
    featured: bool
    body: str


def folder(language: str) -> Path:
    return FOLDER / language.replace("-", "_")


def languages_with_guides() -> list[str]:
    """The languages of LANGUAGES that have starter guides written out."""
    return [code for code, _name in settings.LANGUAGES if any(folder(code).glob("*.md"))]


def parse(path: Path) -> Guide:
    header, _blank, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = {}
    for line in header.splitlines():
        key, _colon, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return Guide(
        key=path.stem,
        title=fields["title"],
        summary=fields.get("summary", ""),
        tags=tuple(tag.strip() for tag in fields.get("tags", "").split(",") if tag.strip()),
        estimated_minutes=int(fields.get("minutes", 5)),
        featured=fields.get("featured", "no") == "yes",
        body=body.strip() + "\n",
    )


def guides(language: str) -> list[Guide]:
    """The starter guides written in `language`, in file-name order (none: an empty list)."""
    return [parse(path) for path in sorted(folder(language).glob("*.md"))]


def ensure_starter_guides(*, actor, languages=None) -> int:
    """Add the missing starter guides as platform resources, in each of `languages` (every
    language with guides when None) through the services; returns how many were added."""
    created = 0
    for language in languages if languages is not None else languages_with_guides():
        existing = set(
            Resource.objects.platform().filter(language=language).values_list("title", flat=True)
        )
        for guide in guides(language):
            if guide.title in existing:
                continue
            platform_resource_create(
                actor=actor,
                kind=Kind.ARTICLE,
                language=language,
                title=guide.title,
                summary=guide.summary,
                body=guide.body,
                tags=guide.tags,
                estimated_minutes=guide.estimated_minutes,
                featured=guide.featured,
            )
            created += 1
    return created
