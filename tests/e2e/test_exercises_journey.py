"""Issue #30's journey in a browser.

A lead adds a scenario exercise to the library, drafts its questions from the ladder of a norm,
rewords one, and requires it for the Moderator role. A moderator finds it on the dashboard,
fails once, waits out the cool-down, passes; the training grid and the exercise results show
it. The norm then changes materially: the exercise needs review, the lead marks it reviewed and
the moderator is asked again.
"""

from datetime import timedelta

from playwright.sync_api import expect

from exercises.models import Attempt
from norms.services import norm_create, norm_update, norms_publish
from tests.e2e.conftest import audit
from tests.factories import ChannelFactory, UserFactory, add_member

RIGHT = {"Situation 1": "Remind", "Situation 2": "Timeout (10 minutes)", "Situation 3": "Ban"}


def answer(page, choices: dict) -> None:
    for situation, label in choices.items():
        page.get_by_role("group", name=situation).get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


def test_exercise_from_a_ladder_fail_cool_down_pass(signed_in_page, screenshot):
    streamer = UserFactory(username="skye", display_name="Skye")
    channel = ChannelFactory(name="Aurora Live", slug="aurora", owner=streamer)
    lead = add_member(channel, username="lena", display_name="Lena", roles=["Lead Moderator"]).user
    mod = add_member(channel, username="max", display_name="Max", roles=["Moderator"]).user
    norm = norm_create(
        channel=channel,
        actor=streamer,
        title="No self-promotion",
        not_allowed_examples="follow my channel!!",
        first_action="remind",
        repeated_action="timeout",
        repeated_timeout=10,
        severe_action="ban",
    )
    norms_publish(channel=channel, actor=streamer, summary="First norms", is_material=True)

    # The lead adds the exercise, required for moderators.
    page = signed_in_page(lead, "/c/aurora/resources/")
    page.get_by_role("link", name="Add a resource").first.click()
    page.get_by_role("link", name="Scenario exercise", exact=True).click()
    page.get_by_label("Title:").fill("Self-promotion drill")
    page.get_by_role("group", name="Required training for roles").get_by_label(
        "Moderator", exact=True
    ).check()
    page.get_by_role("button", name="Add to the library").click()
    expect(page.get_by_role("heading", name="Self-promotion drill", level=1)).to_be_visible()
    page.get_by_role("link", name="Take the exercise").click()
    expect(page.get_by_role("heading", name="No questions yet")).to_be_visible()
    page.get_by_role("link", name="Edit the questions").click()

    # Drafted from the ladder, one question reworded, a one-minute cool-down.
    page.get_by_label("From the ladder of a norm").select_option(label="1. No self-promotion")
    page.get_by_role("button", name="Draft three questions").click()
    expect(page.get_by_text("Draft questions added: 3.")).to_be_visible()
    page.get_by_role("link", name="Edit", exact=True).first.click()
    page.get_by_role("textbox", name="Situation").fill(
        "Someone new posts “follow my channel!!” once. What do you do?"
    )
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Question saved.")).to_be_visible()
    expect(page.get_by_text("Someone new posts")).to_be_visible()
    page.get_by_label("Cool-down between attempts").fill("1")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    audit(page)
    screenshot(page, "exercises-edit")

    # The moderator fails once: the cool-down starts.
    mod_page = signed_in_page(mod, "/dashboard/")
    todo = mod_page.get_by_role("region", name="Training to do")
    todo.get_by_role("link", name="Self-promotion drill").click()
    mod_page.get_by_role("link", name="Take the exercise").click()
    audit(mod_page)
    answer(mod_page, dict.fromkeys(RIGHT, "Escalate to the streamer"))
    expect(mod_page.get_by_text("Not passed this time: 0 of 3 right.")).to_be_visible()
    expect(mod_page.locator("#cooldown")).to_be_visible()
    expect(mod_page.get_by_role("button", name="Submit my answers")).to_have_count(0)
    screenshot(mod_page, "exercises-failed")

    # The lead's grid shows it precisely: not passed, cool-down running.
    page.get_by_role("link", name="Exercise results").first.click()
    expect(page.get_by_role("row", name="Max")).to_contain_text("not passed")
    expect(page.get_by_role("row", name="Max")).to_contain_text("cool-down until")
    expect(page.get_by_role("row", name="Lena")).to_contain_text("to do")

    # The minute passes; the moderator passes.
    Attempt.objects.filter(user=mod).update(
        submitted_at=Attempt.objects.get(user=mod).submitted_at - timedelta(minutes=2)
    )
    mod_page.reload()
    answer(mod_page, RIGHT)
    expect(mod_page.get_by_text("Passed: 3 of 3 right.")).to_be_visible()
    expect(mod_page.get_by_text("Your training shows this exercise done.")).to_be_visible()
    audit(mod_page)

    # The lead sees it in the training grid and the exercise results.
    page.reload()
    expect(page.get_by_role("row", name="Max")).to_contain_text("passed")
    page.get_by_role("link", name="Training progress").click()
    expect(page.get_by_role("row", name="Max")).to_contain_text("1 / 1")
    expect(page.get_by_role("row", name="Max")).to_contain_text("passed")
    page.get_by_role("link", name="Exercise results").first.click()
    expect(page.get_by_role("row", name="Max")).to_contain_text("passed")
    page.get_by_role("link", name="Self-promotion drill").click()
    expect(page.get_by_text("50 % (1)").first).to_be_visible()
    audit(page)
    screenshot(page, "exercises-results")

    # The norm changes materially: review, and the moderator is asked again.
    norm_update(
        norm=norm,
        actor=streamer,
        title="No self-promotion",
        severe_action="timeout",
        severe_timeout=60,
    )
    norms_publish(channel=channel, actor=streamer, summary="Softer", is_material=True)
    page.get_by_role("link", name="Exercise results").first.click()
    expect(page.get_by_role("columnheader", name="Self-promotion drill")).to_contain_text(
        "needs review"
    )
    page.get_by_role("link", name="Self-promotion drill").click()
    page.get_by_role("link", name="Edit the questions").click()
    expect(page.get_by_role("heading", name="Needs review")).to_be_visible()
    page.get_by_role("button", name="Mark reviewed").click()
    expect(
        page.get_by_text("Members asked to answer the changed questions again: 1.")
    ).to_be_visible()
    mod_page.reload()
    expect(mod_page.get_by_text("Asked again")).to_be_visible()
    expect(mod_page.get_by_role("button", name="Submit my answers")).to_be_visible()
    page.get_by_role("link", name="Exercise results").first.click()
    expect(page.get_by_role("row", name="Max")).to_contain_text("asked again")
    mod_page.goto("/dashboard/")
    todo = mod_page.get_by_role("region", name="Training to do")
    expect(todo).to_contain_text("Self-promotion drill")
    expect(todo).to_contain_text("asked again")
