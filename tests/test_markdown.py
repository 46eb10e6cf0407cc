"""The one sanitising Markdown path for user text."""

import pytest

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
