"""The starter set of platform resources, and a little training in the demo channels.
Built through the services; safe to run again (existing titles are left alone)."""

from channels.models import Role
from resources.models import Kind, Resource
from resources.services import (
    platform_resource_create,
    resource_create,
    resource_mark_done,
    resource_share,
)

STARTER_SET = [
    {
        "title": "Moderator roles: who does what in a team",
        "summary": "The roles most moderator teams use, what each one is for, and how to "
        "agree on yours.",
        "tags": ["roles", "getting-started"],
        "estimated_minutes": 6,
        "featured": True,
        "body": """\
A moderator team works best when everyone knows what they are there for. Most teams on the
portal divide the work into a few roles. Yours may use different names: what matters is that the
whole team, the streamer included, agrees on who does what.

## Common roles

- **Lead moderator.** Runs the team day to day: brings in and trains new moderators, keeps the
  channel's norms current and is the streamer's first contact when something serious happens.
- **Chat moderator.** Keeps chat welcoming during streams: answers questions, applies the norms
  consistently, times out or bans when needed and notes incidents for the team.
- **Trainee.** Learns alongside experienced moderators. Trainees shadow streams, work through
  the team's required training and ask before taking heavy actions such as bans.
- **Community moderator.** Looks after spaces off stream, such as a Discord server: welcomes
  newcomers and keeps conversations on topic.
- **Safety lead.** Handles the hard cases: harassment, doxxing, threats and self-harm
  disclosures. Knows the platform's reporting tools and when to involve the streamer.

## Agreeing on yours

1. Write each role's responsibilities on your channel's **Roles** page, in a sentence or two.
2. Give each role only the capabilities it needs in the portal.
3. Require a short set of training resources for each role, so newcomers know where to start.
4. Revisit the roles every few months: a growing channel needs different things.

*A role is a promise to the rest of the team. Keep it small enough to keep.*
""",
    },
    {
        "title": "De-escalation in chat",
        "summary": "Calm a heated chat before it needs timeouts: what to say, when to act, and "
        "when to step back.",
        "tags": ["chat", "de-escalation"],
        "estimated_minutes": 7,
        "featured": True,
        "body": """\
Most trouble in chat starts small: a frustrated viewer, a joke that lands badly, two regulars
who disagree. Handled early and calmly, it rarely needs a ban.

## Before you act

- **Read the room.** Scroll back a minute. Who started it, and is it really a problem or just
  banter the regulars enjoy?
- **Assume good faith once.** Many people do not know the channel's norms yet.
- **Check the norms.** Act on what the channel agreed, not on your mood that evening.

## What to say

Keep it short, public and neutral. Name the behaviour, not the person:

> Let's keep it friendly, folks: no insults about other players, please.

If one person keeps going, move to a private whisper: people back down more easily when they do
not have an audience.

## When to use the tools

1. A gentle public reminder.
2. A short timeout (one to five minutes) with a reason: "Timeout: personal insults."
3. A longer timeout if it continues.
4. A ban for hate, threats or spam. These need no warnings.

Slow mode and follower-only mode cool a whole chat down without singling anyone out.

## Step back when you need to

If you are angry, hand over to another moderator. Write a short note for the team afterwards:
what happened, what you did and why. That is how the team learns to act consistently.
""",
    },
    {
        "title": "Handling raids and harassment",
        "summary": "A step-by-step plan for hate raids, bot floods and targeted harassment, "
        "before, during and after.",
        "tags": ["safety", "raids", "harassment"],
        "estimated_minutes": 8,
        "body": """\
A hate raid is frightening for the streamer and for chat. A team that has agreed on a plan in
advance reacts in seconds instead of minutes.

## Before it happens

- Agree who presses which button: one moderator handles chat modes, another removes messages,
  a third looks after the streamer.
- Know where your platform's settings live: follower-only mode, slow mode, emote-only mode,
  shield or lockdown modes, blocked terms.
- Keep a list of blocked terms up to date, including common misspellings.

## During a raid

1. **Lock chat down first.** Emote-only or follower-only mode (with a minimum follow age) stops
   most bot floods immediately.
2. **Remove, then ban.** Clear the worst messages so the community stops seeing them, then ban
   the accounts. Do not argue with raiders: attention is what they want.
3. **Tell the streamer briefly,** in your team's private channel: "Raid in progress, chat locked,
   we're on it." Let them decide whether to address it on stream.
4. **Do not name the raiders** or the community they came from on stream.

## After a raid

- Lift the restrictions gradually and thank chat for its patience.
- Report the accounts through the platform's tools; include timestamps.
- Write a short debrief for the team: what worked, what was slow, what to change.
- Check on each other. Reading abuse aimed at someone you care about is hard.

## Targeted harassment

When one person is targeted (the streamer, a moderator or a viewer), take screenshots before
removing messages, never share the target's personal details, and escalate threats of violence
or doxxing to the platform and, where needed, to the police.
""",
    },
    {
        "title": "Working with the streamer",
        "summary": "How to build trust with the streamer you moderate for: agreeing on norms, "
        "talking during streams and giving feedback.",
        "tags": ["streamer", "teamwork"],
        "estimated_minutes": 5,
        "body": """\
Moderators and streamers share one goal: a community people want to come back to. Good
collaboration is mostly about agreeing things before you need them.

## Agree on the basics

- **The norms.** What is fine in this chat and what is not? Write it down; the portal's norms
  page is made for this.
- **How far you may go.** Which actions may moderators take alone, and which need the
  streamer's word (banning a long-time regular, for example)?
- **How to reach each other** during a stream without interrupting it: a private channel, a
  dashboard message, a signal word.

## During streams

- Keep messages to the streamer short and actionable.
- Do not correct the streamer in public chat; tell them privately.
- Protect the streamer's focus: answer the repeated questions so they do not have to.

## Feedback, both ways

Meet now and then, even for fifteen minutes: what went well, what was hard, what should change.
Streamers: say thank you. Moderation is mostly invisible when it works.

## When you disagree

Raise it privately and calmly, with examples. It is the streamer's channel, but a team that can
disagree openly makes better decisions than one that stays silent.
""",
    },
    {
        "title": "Self-care for moderators",
        "summary": "Moderation can be draining. Recognise the signs of burnout, set limits and "
        "look after each other.",
        "tags": ["self-care", "wellbeing"],
        "estimated_minutes": 5,
        "featured": True,
        "body": """\
Moderators read the worst of chat so others do not have to. That takes a toll, even when the
community is lovely most of the time.

## Know the signs

- You dread the next stream, or feel tense long after it ends.
- Small things in chat make you angry, or nothing moves you any more.
- You check chat when you are off duty, "just in case".

These are signals to slow down, not failures.

## Set limits

- **Take shifts.** Nobody needs to cover every stream. Agree on a rota and mark yourself away
  when you need a break.
- **Log off after hard moments.** After a raid or a distressing message, hand over to someone
  else and step away from the screen.
- **Mute what you can.** Blocked terms and automated filters catch the worst before you see it.

## Look after each other

- Check in with a teammate after a rough stream: "That was a lot. How are you doing?"
- Share the load for the hard cases; nobody should handle threats or self-harm disclosures alone.
- Talk to someone outside the community if it stays with you.

If you are in crisis, contact a local helpline or emergency services. Your wellbeing matters more
than any stream.
""",
    },
]

DEMO_CHECKLIST = {
    "title": "Your first week as a trainee",
    "summary": "Small steps to find your feet in the team.",
    "tags": ["getting-started"],
    "estimated_minutes": 30,
    "items": [
        "Read the channel's norms from top to bottom",
        "Introduce yourself in the team channel",
        "Shadow a full stream with a moderator",
        "Practise a timeout with a reason on a test account",
        "Ask your lead one question you have been wondering about",
    ],
}
DEMO_ARTICLE = {
    "title": "How we run Nova's chat",
    "summary": "Our house style: tone, timeouts and when to call the streamer.",
    "tags": ["chat"],
    "estimated_minutes": 4,
    "body": "We keep chat **kind and playful**. Remind once, then time out for five minutes "
    "with a reason. Ping Nova in the team channel only for raids or threats.",
}


def seed_resources(*, channels_by_slug: dict, users_by_name: dict) -> list[str]:
    lines = ["", "Training resources (community library at /resources/):"]
    admin = users_by_name.get("admin")
    if admin is not None:
        for spec in STARTER_SET:
            if Resource.objects.platform().filter(title=spec["title"]).exists():
                continue
            platform_resource_create(actor=admin, kind=Kind.ARTICLE, **spec)
        lines.append(f"  {Resource.objects.platform().count()} platform guides")
    nova, lead = channels_by_slug.get("nova-streams"), users_by_name.get("lead")
    if nova is not None and lead is not None:
        lines += _seed_channel(nova, lead, users_by_name.get("trainee"))
    return lines


def _seed_channel(channel, lead, trainee) -> list[str]:
    library = Resource.objects.for_channel(channel)
    trainee_role = channel_role(channel, "Trainee")
    if not library.filter(title=DEMO_CHECKLIST["title"]).exists():
        required = [trainee_role] if trainee_role else []
        resource_create(
            channel=channel,
            actor=lead,
            kind=Kind.CHECKLIST,
            required_roles=required,
            **DEMO_CHECKLIST,
        )
    if not library.filter(title=DEMO_ARTICLE["title"]).exists():
        required = [trainee_role] if trainee_role else []
        article = resource_create(
            channel=channel, actor=lead, kind=Kind.ARTICLE, required_roles=required, **DEMO_ARTICLE
        )
        resource_share(resource=article, actor=lead)
        if trainee is not None:
            resource_mark_done(resource=article, actor=trainee)
    return [
        f"  {library.count()} resources in {channel.name}'s library (/c/{channel.slug}/resources/)"
    ]


def channel_role(channel, name: str):
    return Role.objects.for_channel(channel).filter(name=name).first()
