"""What the API answers, as pydantic schemas: the OpenAPI document is generated from these."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class ChannelOut(Schema):
    slug: str
    name: str
    platform: str
    platform_url: str
    description: str
    languages: list[str]
    time_zone: str
    language: str
    visibility: str
    read_only: bool
    scopes: list[str]


class RoleRef(Schema):
    id: int
    name: str


class MemberOut(Schema):
    id: int
    name: str
    username: str
    is_owner: bool
    joined_at: datetime
    roles: list[RoleRef]


class MemberPage(Schema):
    items: list[MemberOut]
    next: str | None


class RoleOut(Schema):
    id: int
    name: str
    description: str
    colour: str
    position: int
    capabilities: list[str]


class RolePage(Schema):
    items: list[RoleOut]
    next: str | None


class Step(Schema):
    action: str
    timeout_minutes: int | None


class Ladder(Schema):
    first: Step
    repeated: Step
    severe: Step


class NormOut(Schema):
    number: int
    key: str
    title: str
    category: str
    explanation: str
    allowed: list[str]
    not_allowed: list[str]
    enforcement: Ladder


class VersionSummary(Schema):
    number: int
    summary: str
    is_material: bool
    published_at: datetime
    published_by: str


class VersionOut(VersionSummary):
    norms: list[NormOut]


class VersionPage(Schema):
    items: list[VersionSummary]
    next: str | None


class QuestionOut(Schema):
    prompt: str
    help_text: str
    kind: str
    required: bool
    choices: list[str]


class OpeningOut(Schema):
    id: int
    title: str
    role: str | None
    description: str
    state: str
    time_zone: str
    hours: str
    experience: str
    closes_on: date | None
    opened_at: datetime | None
    closed_at: datetime | None
    questions: list[QuestionOut]


class OpeningPage(Schema):
    items: list[OpeningOut]
    next: str | None


class AnswerOut(Schema):
    question: str
    kind: str
    value: Any = None


class ApplicationOut(Schema):
    id: int
    opening_id: int
    opening: str
    applicant: str
    state: str
    message: str
    submitted_at: datetime
    decided_at: datetime | None
    withdrawn_at: datetime | None
    answers: list[AnswerOut]


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next: str | None


class TrainingOut(Schema):
    member_id: int
    name: str
    completed: int
    required: int


class TrainingPage(Schema):
    items: list[TrainingOut]
    next: str | None


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    is_pinned: bool
    author: str | None
    created_at: datetime


class AnnouncementPage(Schema):
    items: list[AnnouncementOut]
    next: str | None


class EventSubject(Schema):
    type: str | None
    id: Any = None
    label: str


class EventOut(Schema):
    id: int
    type: str
    level: str
    occurred_at: datetime
    label: str
    actor: str | None
    subject: EventSubject
    data: dict[str, Any]
    before: dict[str, Any]


class EventPage(Schema):
    items: list[EventOut]
    next: str | None


class CredentialIn(Schema):
    credential: str = Field(
        ..., max_length=16 * 1024, description="A compact VC-JWT, as downloaded from a portal"
    )


class VerificationOut(Schema):
    verified: bool
    reason: str | None = Field(
        None,
        description=(
            "Why not verified: malformed, unsupported, unknown_key, bad_signature, "
            "not_yet_valid, expired, revoked, status_unavailable, issuer_refused, "
            "issuer_unreachable"
        ),
    )
    reason_text: str | None
    issuer: str | None = Field(None, description="The issuer's did:web")
    issuer_name: str | None
    issuer_url: str | None
    issued_here: bool
    holder: str | None
    achievements: list[str] = Field(
        ..., description="What is proven, e.g. “Lead Moderator at X, Mar 2025 – May 2026”"
    )
    valid_from: str | None
    valid_until: str | None
