"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures later journeys reuse:
- `browser`: one headless Chromium for the session.
- `new_page(path="/", user=None, javascript=True)`: a fresh context (signed in by session cookie
  when `user` is given; `javascript=False` for the no-JavaScript path) whose console errors, page
  errors and CSP violations are collected and fail the test.
- `audit(page)`: axe-core (serious/critical fail), no horizontal scroll at 390 px.
- `screenshot(page, name)`: saves test-artifacts/screenshots/<name>.png.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop, which Django's async-safety check objects to.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE_WIDTH = 390


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run bin/services (or bin/test)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageProblems(list):
    def watch(self, page):
        page.on("pageerror", lambda error: self.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.append(f"console error: {message.text}")

    def _response(self, response):
        if response.status >= 500:
            self.append(f"server error {response.status} for {response.url}")


@pytest.fixture
def new_page(live_server, browser, transactional_db):
    contexts, problems = [], PageProblems()

    def open_page(path="/", *, user=None, width=1280, height=900, javascript=True):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
        )
        if user is not None:
            client = Client()
            client.force_login(user)
            key = settings.SESSION_COOKIE_NAME
            context.add_cookies(
                [{"name": key, "value": client.cookies[key].value, "url": live_server.url}]
            )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        problems.watch(page)
        if path:
            page.goto(path)
        return page

    open_page.problems = problems
    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def signed_in_page(new_page):
    def open_page(user, path="/", **kwargs):
        return new_page(path, user=user, **kwargs)

    return open_page


_axe = Axe()


# axe-core gives a finding the highest impact among its rule's failed checks, so a rule none of
# whose checks is serious or critical can never fail an audit: those rules (the landmark and
# heading-order ones, `region`, which visits every node) are left out, found from axe's own
# metadata at run time. Nothing that could fail is skipped.
AXE_RUN = """() => {
  const high = new Set(["serious", "critical"]);
  const audit = axe._audit, rules = {};
  for (const rule of (audit && audit.rules) || []) {
    const checks = [...rule.any, ...rule.all, ...rule.none].map(check => check.id || check);
    const impacts = checks.map(id => ((audit.checks[id] || {}).metadata || {}).impact);
    if (!impacts.some(impact => high.has(impact)) && !high.has(rule.impact)) {
      rules[rule.id] = {enabled: false};
    }
  }
  return axe.run(document, {resultTypes: ["violations"], rules});
}"""


def with_axe(context) -> None:
    """Load axe-core into every document of `context` as it opens, for a context that audits
    page after page: the 570 KB script then crosses to the browser once, not once a page."""
    context.add_init_script(script=_axe.axe_script)


def audit(page, *, phone: bool = True) -> None:
    """No serious or critical axe-core finding; nothing wider than a phone screen."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe.axe_script)
    violations = page.evaluate(AXE_RUN)["violations"]
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in bad
    )
    if phone:
        size = page.viewport_size
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        unlabelled = page.evaluate(UNLABELLED_STACKED_CELLS)
        page.set_viewport_size(size)
        assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide on a {PHONE_WIDTH}px phone"
        assert not unlabelled, (
            f"{page.url}: stacked table cells without their column's label on a phone: "
            f"{unlabelled[:5]}"
        )


# A table that stacks into cards on a phone hides its header row, so each cell with content
# must show its column's name itself (CSS prints `data-label` before it); action cells carry
# buttons that name themselves, and a row-wide inline form (.row-form) its own legend.
UNLABELLED_STACKED_CELLS = """() => [...document.querySelectorAll("table.stack-on-phone td")]
  .filter(td => !td.matches(".row-actions, .row-form") && td.textContent.trim())
  .filter(td => !getComputedStyle(td, "::before").content.replace(/^none$|^normal$/, "").trim()
                 .replace(/^"|"$/g, "").trim())
  .map(td => td.textContent.trim().slice(0, 40))"""


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
