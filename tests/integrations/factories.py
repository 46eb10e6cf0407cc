from integrations import services
from moderators.services import application_submit
from tests.factories import UserFactory
from tests.moderators.factories import answers_for, make_opening


def endpoint(
    team,
    *,
    kind="signed",
    url="https://hooks.example.com/in",
    level="review",
    events=("application.submitted",),
    name="Bot",
):
    return services.endpoint_create(
        channel=team.channel,
        actor=team.owner,
        name=name,
        kind=kind,
        url=url,
        level=level,
        events=list(events),
    )


def submit(team, *, username="applicant", opening=None):
    opening = opening or make_opening(team.channel, title=f"Mod {username}")
    applicant = UserFactory(username=username, email=f"{username}@example.org")
    return application_submit(opening=opening, applicant=applicant, answers=answers_for(opening))
