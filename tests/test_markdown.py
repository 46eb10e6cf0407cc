"""The one sanitising Markdown path for user text."""

import itertools
import re

import pytest
from django.template import Context, Template

from portal.markdown import render_markdown


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_nothing_user_written_runs_as_script(source):
    html = render_markdown(source).lower()
    for needle in ("<script", "onerror", "javascript:", "<iframe", "style=", "data:text"):
        assert needle not in html


def test_markdown_still_formats():
    html = render_markdown(
        "# Rules\n\n* be **kind**\n* no [spoilers](https://example.com)\n\n> quote"
    )
    assert "<h3>Rules</h3>" in html
    assert "<strong>kind</strong>" in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer nofollow ugc"' in html
    assert "<blockquote>" in html


def test_empty_and_nul():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
    assert "\x00" not in render_markdown("a\x00b")


@pytest.mark.parametrize("below", [1, 2, 3, 4, 5])
def test_headings_start_one_level_below_the_heading_that_contains_them(below):
    html = render_markdown("## Why\n\ntext\n\n### How\n\n## Then", below=below)
    first, second = f"h{below + 1}", f"h{min(below + 2, 6)}"
    assert html.startswith(f"<{first}>Why</{first}>")
    assert f"<{second}>How</{second}>" in html
    assert f"<{first}>Then</{first}>" in html


def levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])>", html)]


@pytest.mark.parametrize(
    "source",
    [
        "# A\n\n### skipped one\n\n###### skipped more\n\n## B",
        "#### starts deep\n\n# then shallow\n\n### and deep again",
        "> ## quoted\n\n- ### in a list",
    ],
)
def test_headings_never_skip_a_level_below_the_page(source):
    # The text sits under the page's h1: the outline goes h1, then h2, never deeper by more
    # than one step at a time, and never up to the page's own h1.
    outline = [1, *levels(render_markdown(source, below=1))]
    assert all(level >= 2 for level in outline[1:])
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(outline))


def test_raw_html_headings_above_the_text_are_stripped():
    html = render_markdown("<h1>big</h1>\n\n<h2>also</h2>\n\n## fine", below=2)
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>fine</h3>" in html


def test_the_level_must_be_a_heading_level():
    with pytest.raises(ValueError):
        render_markdown("# x", below=6)
    with pytest.raises(ValueError):
        render_markdown("# x", below=0)


def test_the_template_filter_takes_the_containing_level():
    template = Template("{% load portal %}{{ text|markdown:1 }}|{{ text|markdown }}")
    html = template.render(Context({"text": "# Title"}))
    assert html == "<h2>Title</h2>|<h3>Title</h3>"
