"""The one path from user-written Markdown to HTML: render, then sanitise with nh3."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

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
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# Headings from users start at h3 so they never compete with the page's own h1/h2.
HEADING_SHIFT = {"<h1>": "<h3>", "</h1>": "</h3>", "<h2>": "<h4>", "</h2>": "</h4>"}


def render_markdown(text: str | None) -> SafeString:
    """Markdown to safe HTML. Raw HTML is stripped; links get rel=noopener."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    text = text.replace("\x00", "")
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    for old, new in HEADING_SHIFT.items():
        html = html.replace(old, new)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
