from channels.models import Channel

from .models import ApiToken


def token_list(*, channel: Channel):
    """The channel's tokens with who made them: one query."""
    return ApiToken.objects.for_channel(channel).select_related("created_by")


def token_get(*, channel: Channel, pk: int) -> ApiToken | None:
    return ApiToken.objects.for_channel(channel).filter(pk=pk).first()
