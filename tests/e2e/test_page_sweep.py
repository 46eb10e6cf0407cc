"""Every HTML page of the site × every kind of actor, in a real browser.

Statuses come from the access matrix (tests/test_access_matrix.py), so the browser and the
Django test client agree on who sees what. On every page that renders: no 5xx, no console or
JavaScript error, no CSP violation, no broken subresource, one h1, and `audit()` (axe-core
serious/critical, no horizontal scroll at 390 px). All findings for one actor are reported
together, so one run shows every broken page.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.access import not_html
from tests.e2e.conftest import audit, with_axe
from tests.test_access_matrix import ACTORS, MATRIX, url_for

LOGIN, OK = 302, 200
# Not pages: JSON for the load balancer, uploaded files, fragments htmx swaps into a page.
NOT_HTML = {"healthz", "ping", "media", "notifications:badge", "channels:member_row"}
NOT_HTML |= {"resources:file", "resources:community_file"}  # training files (issue 15)
# The footer's language form posts here; a GET only redirects back (issue 25).
NOT_HTML |= {"set_language"}
# The norms' exports for bots: JSON and plain text.
NOT_HTML |= {"norms:rules_json", "norms:rules_txt", "norms:rule_txt"}
NOT_HTML |= not_html()  # the newer apps' feeds and exports (tests/access/<app>.py)
# POST-only views answer a GET with an empty 405 (after sending anonymous users to log in).
PAGES = sorted(
    name for name, row in MATRIX.items() if name not in NOT_HTML and 405 not in row.values()
)
SIGNED_IN_ELSEWHERE = {actor: "dashboard" for actor in ACTORS if actor != "anonymous"}
# allauth's pages: open ones send signed-in users on, account pages send anonymous ones to log in.
ALLAUTH = {
    "/accounts/login/": {"anonymous": OK, **dict.fromkeys(SIGNED_IN_ELSEWHERE, LOGIN)},
    "/accounts/signup/": {"anonymous": OK, **dict.fromkeys(SIGNED_IN_ELSEWHERE, LOGIN)},
    "/accounts/email/": {**dict.fromkeys(ACTORS, OK), "anonymous": LOGIN},
    "/accounts/2fa/": {**dict.fromkeys(ACTORS, OK), "anonymous": LOGIN},
}
HEADINGS = {
    403: "You don't have permission to do that",
    404: "We couldn't find that page",
}
# What differs between otherwise identical documents: tokens, and where to go after logging in.
VOLATILE = [
    re.compile(r"(?P<keep>X-CSRFToken(&quot;|\"): (&quot;|\"))[^&\"]*"),
    re.compile(r'(?P<keep>name="(csrfmiddlewaretoken|next)" value=")[^"]*'),
    re.compile(r"(?P<keep>next=)[^\"&\s]*"),
]
# One script per page, where Playwright's role queries and moving the whole document to Python
# for hashing cost ~160 ms a page: the texts of the level-1 headings a reader meets (hidden ones
# left out, as the accessibility tree leaves them out), and a SHA-256 of the document with the
# VOLATILE parts blanked (the same patterns, in JavaScript's syntax for a named group).
PAGE_FACTS = """async (volatile) => {
  const headings = [...document.querySelectorAll("h1, [role=heading][aria-level='1']")]
    .filter(h => h.matches("h1:not([role]), [role=heading]") && h.checkVisibility()
                 && !h.closest("[aria-hidden=true], [hidden]"))
    .map(h => (h.innerText || h.textContent).trim());
  let html = document.documentElement.outerHTML;
  for (const source of volatile) html = html.replace(new RegExp(source, "g"), "$<keep>");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(html));
  const hash = [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, "0")).join("");
  return {headings, hash};
}"""
VOLATILE_JS = [pattern.pattern.replace("(?P<", "(?<") for pattern in VOLATILE]


def test_the_sweep_skips_only_what_is_not_a_page():
    assert not NOT_HTML - set(MATRIX), "a renamed URL must not drop out of the sweep unnoticed"
    post_only = {name for name, row in MATRIX.items() if 405 in row.values()}
    assert set(MATRIX) - set(PAGES) == NOT_HTML | post_only
    assert {"channels:team", "notifications:inbox", "notifications:preferences"} <= set(PAGES)


class Sweep:
    """One actor's browser context, reused for every URL, with every finding collected."""

    def __init__(self, page, problems, actor, language="en"):
        self.page, self.problems, self.actor, self.language = page, problems, actor, language
        self.findings, self.audited, self.failed_loads = [], set(), []
        page.on("response", self._response)

    def _response(self, response):
        if response.status >= 400:
            self.failed_loads.append((response.url, response.status))

    def fail(self, url, message):
        self.findings.append(f"{self.actor} GET {url}: {message}")

    def visit(self, url, expected, *, redirect_to=None):
        seen = len(self.problems)
        self.failed_loads.clear()
        response = self.page.goto(url)
        first = response.request.redirected_from
        status = first.response().status if first is not None else response.status
        # Chromium logs the error document itself as "Failed to load resource"; an expected
        # 4xx is the page working, so exactly that one message is dropped.
        document = [(u, s) for u, s in self.failed_loads if u == response.url]
        others = [(u, s) for u, s in self.failed_loads if u != response.url]
        new = self.problems[seen:]
        del self.problems[seen:]
        if status == expected and 400 <= expected < 500 and document:
            marker = f"status of {expected} "
            dropped = next((p for p in new if marker in p), None)
            if dropped is not None:
                new.remove(dropped)
        for problem in new:
            self.fail(url, problem)
        for failed_url, failed_status in others:
            self.fail(url, f"subresource {failed_url} answered {failed_status}")

        if status != expected:
            self.fail(url, f"status {status}, expected {expected}")
            return
        if expected == LOGIN:
            self._check_redirect(url, response.url, redirect_to)
        if response.status >= 500:
            return
        facts = self.page.evaluate(PAGE_FACTS, VOLATILE_JS)
        headings = facts["headings"]
        if response.status in HEADINGS:
            with translation.override(self.language):
                name = gettext(HEADINGS[response.status])
            if [name.casefold() in text.casefold() for text in headings] != [True]:
                self.fail(url, f"the {response.status} page is not the styled error page")
        elif len(headings) != 1:
            self.fail(url, "the page has no single h1")
        self._audit(url, response.status, facts["hash"])

    def _check_redirect(self, url, landed, redirect_to):
        path = urlsplit(landed)
        if redirect_to == "login":
            if path.path != reverse("account_login"):
                self.fail(url, f"sent to {landed}, not to log in")
            elif parse_qs(path.query).get("next") != [url]:
                self.fail(url, f"login does not return to {url}: {landed}")
        elif path.path != reverse(redirect_to):
            self.fail(url, f"sent to {landed}, expected {reverse(redirect_to)}")

    def _audit(self, url, status, document_hash):
        # axe's verdict depends only on the document: audit each distinct page once per actor
        # (every private page answers an outsider with the same 404, for example).
        key = (status, document_hash)
        if key in self.audited:
            return
        self.audited.add(key)
        try:
            audit(self.page)
        except AssertionError as error:
            self.fail(url, f"audit: {error}")


# Once more in German, whose long words must fit a 390 px phone too (issue 25).
SWEEPS = [(actor, "en") for actor in ACTORS] + [("owner", "de")]


@pytest.mark.parametrize("actor, language", SWEEPS)
def test_every_page_for_every_actor(new_page, team, actor, language):
    if language != "en":
        type(team.user(actor)).objects.filter(pk=team.user(actor).pk).update(language=language)
    page = new_page(None, user=team.user(actor))
    with_axe(page.context)
    sweep = Sweep(page, new_page.problems, actor, language)
    for name in PAGES:
        expected = MATRIX[name][actor]
        sweep.visit(url_for(name, team), expected, redirect_to="login")
    for url, row in ALLAUTH.items():
        destination = "login" if actor == "anonymous" else SIGNED_IN_ELSEWHERE.get(actor)
        sweep.visit(url, row[actor], redirect_to=destination)
    assert not sweep.findings, "\n".join(sweep.findings)
    assert sweep.audited, "no page was audited"
    assert page.evaluate("document.documentElement.lang") == language
