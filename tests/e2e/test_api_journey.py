"""Issue #27 (read API): the owner creates a token on the channel's API tokens tab, sees it
once, a tool reads the team with it, and the owner revokes it; then it no longer works."""

from playwright.sync_api import expect

from api.models import ApiToken
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory, add_member


def test_owner_creates_uses_and_revokes_a_token(signed_in_page, live_server, screenshot):
    owner = UserFactory(username="skye", display_name="Skye")
    ChannelFactory(name="Aurora Live", slug="aurora", owner=owner)
    lead = add_member(ChannelFactory(name="Elsewhere", slug="elsewhere"), username="lena").user
    del lead

    page = signed_in_page(owner, "/c/aurora/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="No tokens yet")).to_be_visible()
    page.get_by_label("Name").fill("Chat bot")
    page.get_by_label("Read the team (members and roles)").check()
    audit(page)
    page.get_by_role("button", name="Create the token").click()

    secret = page.get_by_role("textbox", name="Token", exact=True).input_value()
    assert secret.startswith("mpt_")
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    screenshot(page, "api-token-shown-once")
    assert ApiToken.objects.get().digest != secret

    # The tool reads the team with it (the page's own request context, no cookies sent).
    api = page.context.request
    team = api.get(
        f"{live_server.url}/api/v1/channels/aurora/team/",
        headers={"Authorization": f"Bearer {secret}", "Cookie": ""},
    )
    assert team.status == 200 and team.json()["items"][0]["username"] == "skye"
    other = api.get(
        f"{live_server.url}/api/v1/channels/elsewhere/team/",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert other.status == 404

    # Shown once: a reload no longer has it.
    page.reload()
    expect(page.get_by_role("textbox", name="Token", exact=True)).to_have_count(0)
    expect(page.get_by_role("cell", name="Chat bot", exact=True)).to_be_visible()

    page.get_by_role("link", name="Revoke Chat bot").click()
    audit(page)
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_text("Token revoked: it no longer works.")).to_be_visible()
    expect(page.get_by_role("cell", name="Revoked", exact=True)).to_be_visible()
    after = api.get(
        f"{live_server.url}/api/v1/channels/aurora/team/",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert after.status == 401
