"""The audit itself: it must still fail the findings that matter after leaving out the rules
that can never be serious or critical."""

import pytest

from tests.e2e.conftest import audit, with_axe

BAD = """<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>
<h1>Bad page</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#777;background:#888">Hard to read</p>
<button></button>
</main></body></html>"""
GOOD = """<!doctype html><html lang="en"><head><title>Good</title></head><body><main>
<h1>Good page</h1><p>Readable</p><button>Save</button></main></body></html>"""


@pytest.mark.parametrize("injected", [False, True], ids=["per-page", "init-script"])
def test_serious_findings_still_fail_and_a_clean_page_passes(new_page, injected):
    page = new_page(None)
    if injected:
        with_axe(page.context)
    page.set_content(BAD)
    with pytest.raises(AssertionError) as failure:
        audit(page, phone=False)
    for rule in ("image-alt", "color-contrast", "button-name"):
        assert rule in str(failure.value)
    page.set_content(GOOD)
    audit(page)
