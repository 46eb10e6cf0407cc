"""Tables that stack into cards on a phone keep their column labels."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_WIDTH, UNLABELLED_STACKED_CELLS
from tests.moderators.factories import make_opening

pytestmark = pytest.mark.e2e

BEFORE = """td => getComputedStyle(td, "::before").content"""


def test_the_openings_list_says_what_each_count_counts_on_a_phone(new_page, team):
    make_opening(team.channel, title="Chat moderator")
    url = reverse("moderators:team_openings", args=[team.channel.slug])
    page = new_page(url, user=team.owner, width=PHONE_WIDTH, height=800)
    row = page.locator("table.stack-on-phone tbody tr").first
    expect(row).to_contain_text("Chat moderator")
    labels = [cell.evaluate(BEFORE) for cell in row.locator("td:not(.row-actions)").all()]
    assert labels == [
        '"Opening: "',
        '"State: "',
        '"Role: "',
        '"Questions: "',
        '"Active applications: "',
    ]
    assert page.evaluate(UNLABELLED_STACKED_CELLS) == []
