"""The platform admin in a real browser: the columns that matter fit beside the sidebar."""

import pytest
from playwright.sync_api import expect

from moderators import services
from tests.factories import UserFactory
from tests.moderators.factories import answers_for, make_opening

pytestmark = pytest.mark.e2e

ADMIN_WIDTH = 1280  # a laptop, with the admin's navigation sidebar open


def test_the_applications_list_shows_its_state_column_at_laptop_width(new_page, team):
    opening = make_opening(team.channel, title="Weekend chat moderator for the long streams")
    applicant = UserFactory(username="a-rather-long-applicant-name-from-the-community")
    services.application_submit(opening=opening, applicant=applicant, answers=answers_for(opening))
    page = new_page("/admin/moderators/application/", user=team.staff, width=ADMIN_WIDTH)
    expect(page.get_by_role("link", name=applicant.username)).to_be_visible()
    results = page.locator("#changelist .results").bounding_box()
    header = page.locator("#result_list thead th.column-state")
    cell = page.locator("#result_list tbody td.field-state").first
    for element in (header, cell):
        box = element.bounding_box()
        right = box["x"] + box["width"]
        # The results scroll inside their box: a column past its right edge is cut off.
        assert right <= results["x"] + results["width"], (
            f"the state column ends at {right}px, past the list's edge at "
            f"{results['x'] + results['width']}px"
        )
    expect(cell).to_have_text("Submitted")
