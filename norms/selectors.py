"""Reads of a channel's norms, each with its query count."""

from django.db.models import Count, Prefetch

from channels.models import Channel, Membership

from .models import Acknowledgement, DraftNorm, NormComment, NormSet, NormTemplate, NormVersion


def draft_norms(*, channel: Channel) -> list[DraftNorm]:
    """The draft in order, each with its open comments: two queries, however many norms."""
    open_comments = NormComment.objects.for_channel(channel).filter(version__isnull=True)
    return list(
        DraftNorm.objects.for_channel(channel).prefetch_related(
            Prefetch("comments", queryset=open_comments)
        )
    )


def current_version(*, channel: Channel) -> NormVersion | None:
    """One query."""
    return (
        NormVersion.objects.for_channel(channel)
        .filter(pk__in=NormSet.objects.filter(channel=channel).values("current_version_id"))
        .first()
    )


def version_list(*, channel: Channel) -> list[NormVersion]:
    """Every version, newest first, without their norms, with how many drafting comments led
    to each: one query."""
    return list(
        NormVersion.objects.for_channel(channel)
        .defer("norms")
        .annotate(comment_count=Count("comments"))
        .order_by("-number")
    )


def version_get(*, channel: Channel, number) -> NormVersion | None:
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    if not 1 <= number <= 2**31 - 1:
        return None
    return NormVersion.objects.for_channel(channel).filter(number=number).first()


def version_comments(*, version: NormVersion) -> list[NormComment]:
    """The drafting comments that led to a version: one query."""
    return list(NormComment.objects.for_channel(version.channel_id).filter(version=version))


def acknowledgement_of(*, version: NormVersion | None, user) -> Acknowledgement | None:
    if version is None or not user.is_authenticated:
        return None
    return Acknowledgement.objects.filter(version=version, user=user).first()


def ack_counts(*, channel: Channel, version: NormVersion | None) -> tuple[int, int]:
    """(acknowledged, team size): two queries."""
    team = Membership.objects.for_channel(channel).count()
    if version is None:
        return 0, team
    done = Acknowledgement.objects.for_channel(channel).filter(version=version).count()
    return done, team


def templates_offered(*, language: str = "en") -> list[NormTemplate]:
    """Active starter templates in the channel's language (English when it has none), with
    their norms: two or three queries."""
    active = NormTemplate.objects.filter(is_active=True).prefetch_related("items")
    offered = list(active.filter(language=language))
    return offered or list(active.filter(language="en"))


def norms_to_acknowledge(*, user) -> list[NormSet]:
    """The user's channels whose current version they have not acknowledged: one query."""
    return list(
        NormSet.objects.filter(
            channel__in=Membership.objects.filter(user=user).values("channel_id"),
            current_version__isnull=False,
        )
        .exclude(current_version__acks__user=user)
        .select_related("channel")
        .order_by("channel__name")
    )
