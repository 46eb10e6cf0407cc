"""Every page the sweep visits, as every actor, is valid HTML by the W3C Nu HTML Checker.

The pages are those of tests/e2e/test_page_sweep.py (the access matrix plus allauth), and also
what the sweep cannot reach with a GET: the 400 and 500 pages, forms re-rendered with their
errors, the two-factor pages of an enrolled user and the unsubscribe confirmation. The documents
are the bytes the server sent, fetched with Django's test client: a browser's `page.content()`
re-serialises the DOM after the parser has repaired mis-nested tags, hiding what vnu must see.
Identical documents (tokens aside) are checked once per test, each actor's pages in a test of
their own so pytest-xdist spreads them over its workers, all by the worker's one vnu service.
"""

import hashlib

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from channels import selectors
from channels.services import channel_update, membership_set_roles
from portal.notifications import views as notification_views
from portal.notifications.models import Notification
from portal.notifications.tokens import DIGEST_SCOPE, unsubscribe_token
from tests.e2e.test_page_sweep import ALLAUTH, PAGES, VOLATILE
from tests.factories import PASSWORD, RoleFactory, UserFactory, role
from tests.test_access_matrix import ACTORS, MATRIX, url_for
from tests.test_accounts import enrol_totp, log_in
from tests.vnu import html_errors

REDIRECTS = {301, 302, 303}
MARKDOWN = """# Rules

Be **kind**, see [the guide](https://example.com/guide) <script>alert(1)</script>.

- one
- two

> quoted

```
code
```
"""
# Checked with the pages, so a checker that silently passes everything fails the test: one
# mis-nested tag that must be reported, and htmx attributes that must not.
CANARY = (
    '<!doctype html><html lang="en"><head><title>Canary</title></head>'
    '<body hx-headers="{}"><p hx-get="/" hx-on:click="1"><div></div></p></body></html>'
)
# allauth pages beyond the sweep's four: (url, status for anonymous, status when signed in).
ACCOUNT_PAGES = [
    ("/accounts/password/reset/", 200, 200),
    ("/accounts/password/reset/done/", 200, 200),
    ("/accounts/password/reset/key/1-not-a-key/", 200, 200),  # the "invalid link" page
    ("/accounts/password/reset/key/done/", 200, 200),
    ("/accounts/confirm-email/", 200, 200),  # "check your inbox"
    ("/accounts/confirm-email/not-a-key/", 200, 200),  # the "invalid link" page
    ("/accounts/logout/", 302, 200),
    ("/accounts/password/change/", 302, 200),
    ("/accounts/reauthenticate/", 302, 200),
    ("/accounts/2fa/totp/activate/", 302, 302),  # asks for the password again first
]


class Documents:
    """Distinct documents, each labelled with the first actor and request that produced it."""

    def __init__(self):
        self.html, self.seen = {}, set()

    def add(self, label, response, expected):
        assert response.status_code == expected, f"{label}: status {response.status_code}"
        if response.status_code in REDIRECTS or response.status_code == 204:
            return
        html = response.content.decode()
        normalised = html
        for pattern in VOLATILE:
            normalised = pattern.sub(r"\g<keep>", normalised)
        key = hashlib.sha256(normalised.encode()).hexdigest()
        if key not in self.seen:
            self.seen.add(key)
            self.html[label] = html


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_valid(documents: Documents) -> None:
    """vnu finds nothing in `documents`, and finds the canary's one error."""
    documents.html["canary"] = CANARY
    errors = html_errors(documents.html)
    canary = [error for error in errors if error.startswith("canary,")]
    assert len(canary) == 1 and "No “p” element in scope" in canary[0], canary
    errors = [error for error in errors if error not in canary]
    assert not errors, f"{len(errors)} HTML errors in {len(documents.html) - 1} documents:\n" + (
        "\n".join(errors)
    )


@pytest.fixture
def team_with_inbox(team):
    """The team, and the trainee's inbox has an entry: members join by saying yes, which
    notifies the team, not them, so a role change gives them one: a role with no capability, so
    the pages they may see stay those of the matrix."""
    membership_set_roles(
        membership=team.membership("trainee"),
        roles=[role(team.channel, "Trainee"), RoleFactory(channel=team.channel, name="Clips")],
        actor=team.owner,
    )
    return team


# One test per actor, so pytest-xdist spreads the actors over its workers.
@pytest.mark.parametrize("actor", ACTORS)
def test_every_page_is_valid_html_for(team_with_inbox, actor):
    team, documents = team_with_inbox, Documents()
    client = signed_in(team.user(actor))
    for name in PAGES:
        url = url_for(name, team)
        documents.add(f"{actor} GET {url}", client.get(url), MATRIX[name][actor])
    for url, row in ALLAUTH.items():
        documents.add(f"{actor} GET {url}", client.get(url), row[actor])
    for url, anonymous, member in ACCOUNT_PAGES:
        expected = anonymous if actor == "anonymous" else member
        documents.add(f"{actor} GET {url}", client.get(url), expected)
    if actor == "trainee":
        assert "<time" in documents.html[f"trainee GET {reverse('notifications:inbox')}"]
    assert_valid(documents)


def test_forms_errors_and_other_states_are_valid_html(team_with_inbox, settings, monkeypatch):
    """What the sweep cannot reach with a GET, and state the fixture lacks."""
    team, documents = team_with_inbox, Documents()

    def post(client, label, url, data, expected=200):
        documents.add(f"{label} POST {url}", client.post(url, data), expected)

    # Forms re-rendered with their errors, for the people who see them.
    anonymous = Client()
    post(anonymous, "anonymous", reverse("account_login"), {"login": "owner", "password": "no"})
    post(anonymous, "anonymous", reverse("account_signup"), {"username": "x", "email": "bad"})
    post(anonymous, "anonymous", reverse("account_reset_password"), {"email": "bad"})
    owner = signed_in(team.owner)
    slug = team.channel.slug
    post(owner, "owner", reverse("channels:create"), {"name": ""})
    post(owner, "owner", reverse("channels:settings", args=[slug]), {"name": ""})
    post(owner, "owner", reverse("channels:transfer", args=[slug]), {"confirm": "wrong"})
    post(owner, "owner", reverse("channels:role_create", args=[slug]), {"name": ""})
    post(owner, "owner", reverse("moderators:invitation_send", args=[slug]), {"username": "x"})
    post(owner, "owner", reverse("account_change_password"), {"oldpassword": "wrong"})
    post(owner, "owner", reverse("account_email"), {"action_add": "", "email": "bad"})

    # Notifications: the unsubscribe confirmation and its result, for someone not signed in.
    token_url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user=team.trainee, event=DIGEST_SCOPE)]
    )
    documents.add(f"anonymous GET {token_url}", anonymous.get(token_url), 200)
    documents.add(f"anonymous POST {token_url}", anonymous.post(token_url), 200)
    # A notification opened from an email link: the page that marks it read only on a click.
    received = Notification.objects.filter(recipient=team.trainee).latest("pk")
    opened = reverse("notifications:open", args=[received.pk])
    documents.add(f"trainee GET {opened}", signed_in(team.trainee).get(opened), 200)

    # Two-factor authentication, for a user who enrols and then logs in again.
    mfa = Client()
    UserFactory(username="alice")
    log_in(mfa, "alice", PASSWORD)
    # Enrolling is a sensitive change: allauth asks for the password again first.
    post(mfa, "mfa", reverse("account_reauthenticate"), {"password": PASSWORD}, expected=302)
    post(mfa, "mfa", reverse("mfa_activate_totp"), {"code": "000000"})
    documents.add("mfa GET activate", mfa.get(reverse("mfa_activate_totp")), 200)
    enrol_totp(mfa)
    assert Authenticator.objects.filter(user__username="alice").count() == 2
    for name in ("mfa_index", "mfa_deactivate_totp", "mfa_view_recovery_codes"):
        documents.add(f"mfa GET {reverse(name)}", mfa.get(reverse(name)), 200)
    documents.add("mfa GET generate", mfa.get(reverse("mfa_generate_recovery_codes")), 200)
    mfa.post(reverse("account_logout"))
    assert log_in(mfa, "alice", PASSWORD)["Location"] == reverse("mfa_authenticate")
    documents.add("mfa GET authenticate", mfa.get(reverse("mfa_authenticate")), 200)
    post(mfa, "mfa", reverse("mfa_authenticate"), {"code": "000000"})

    # State the fixture lacks: Markdown, a flash message, filters, pagination, an archived channel.
    monkeypatch.setattr(selectors, "AUDIT_PAGE_SIZE", 2)
    monkeypatch.setattr(notification_views, "PAGE_SIZE", 2)
    channel_update(channel=team.channel, actor=team.owner, description=MARKDOWN)
    detail = reverse("channels:detail", args=[slug])
    documents.add(f"anonymous GET {detail} (Markdown)", anonymous.get(detail), 200)
    documents.add(f"owner GET {detail} (Markdown)", owner.get(detail), 200)
    roles = reverse("channels:role_create", args=[slug])
    done = owner.post(roles, {"name": "Greeter", "colour": "#123456"}, follow=True)
    documents.add(f"owner POST {roles} (then its message)", done, 200)
    for url in (
        reverse("channels:audit", args=[slug]) + "?page=2",
        reverse("channels:audit", args=[slug]) + "?actor=owner&since=2020-01-01&until=nonsense",
        reverse("notifications:inbox") + "?page=2",
        reverse("channels:list") + "?q=nova",
    ):
        documents.add(f"owner GET {url}", owner.get(url), 200)
    archive = reverse("channels:archive", args=[slug])
    done = owner.post(archive, follow=True)
    documents.add(f"owner POST {archive} (then the archived channel)", done, 200)
    for name in ("channels:team", "channels:roles", "channels:settings", "channels:archive"):
        url = reverse(name, args=[slug])
        documents.add(f"owner GET {url} (archived)", owner.get(url), 200)

    # Error pages the matrix has no row for: a bad request and a server error.
    documents.add("anonymous GET / (bad host)", Client().get("/", HTTP_HOST="evil.invalid"), 400)
    settings.ROOT_URLCONF = "tests.boom_urls"
    boom = Client(raise_request_exception=False)
    documents.add("anonymous GET /boom/", boom.get("/boom/"), 500)
    boom.force_login(team.owner)
    documents.add("owner GET /boom/", boom.get("/boom/"), 500)

    assert_valid(documents)
