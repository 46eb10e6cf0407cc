"""The one path from user-written Markdown to HTML: render, then sanitise with nh3."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# The page's own h1 and the section's h2 are the usual home of user text (a profile's bio,
# a norm's explanation); callers say when it sits elsewhere.
DEFAULT_BELOW = 2


class _HeadingLevels(Treeprocessor):
    """The text's headings, in order, from one level below the heading that contains it:
    its top level becomes `below + 1`, and no heading goes more than one level deeper than
    the one before it, so the page's outline never skips a level (h6 is the floor)."""

    def __init__(self, md_instance, below: int):
        super().__init__(md_instance)
        self.below = below

    def run(self, root):
        headings = [element for element in root.iter() if element.tag in HEADINGS]
        if not headings:
            return
        top = min(int(element.tag[1]) for element in headings)
        previous = self.below
        for element in headings:
            wanted = self.below + 1 + int(element.tag[1]) - top
            level = max(self.below + 1, min(wanted, previous + 1, 6))
            element.tag = f"h{level}"
            previous = level


class _HeadingLevelsExtension(Extension):
    def __init__(self, below: int):
        super().__init__()
        self.below = below

    def extendMarkdown(self, md_instance):  # noqa: N802 - Python-Markdown's name
        md_instance.treeprocessors.register(
            _HeadingLevels(md_instance, self.below), "heading_levels", 0
        )


def render_markdown(text: str | None, *, below: int = DEFAULT_BELOW) -> SafeString:
    """Markdown to safe HTML. Raw HTML is stripped; links get rel=noopener. `below` is the
    level of the heading the text sits under (1 for the page's h1): the text's headings start
    one level below it."""
    if not 1 <= below <= 5:
        raise ValueError(f"below must be a heading level from 1 to 5, not {below!r}")
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    text = text.replace("\x00", "")
    html = md.markdown(
        text,
        extensions=["extra", "sane_lists", _HeadingLevelsExtension(below)],
        output_format="html",
    )
    clean = nh3.clean(
        html,
        # Raw HTML headings never reach the outline above the text's own levels.
        tags=ALLOWED_TAGS | set(HEADINGS[below:]),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
