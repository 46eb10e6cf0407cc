"""Uploads have a size cap that holds before the body reaches memory or disk."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from channels.models import Channel
from portal import settings as project_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 200_000


def padded_png(total_bytes: int) -> SimpleUploadedFile:
    """A valid PNG, padded after its end so the file has the size asked for."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "purple").save(buffer, format="PNG")
    data = buffer.getvalue()
    return SimpleUploadedFile(
        "avatar.png", data + b"\0" * (total_bytes - len(data)), content_type="image/png"
    )


def channel_data(slug: str) -> dict:
    return {
        "name": f"Channel {slug}",
        "slug": slug,
        "platform": "twitch",
        "platform_url": f"twitch.tv/{slug}",
        "description": "",
        "languages": ["en"],
        "time_zone": "UTC",
        "visibility": "public",
    }


def media_files() -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


@pytest.fixture
def owner_client(client, settings):
    settings.UPLOAD_MAX_BYTES = LIMIT
    client.force_login(UserFactory(username="uploader"))
    return client


def test_an_oversized_upload_is_refused_before_it_reaches_the_disk(owner_client):
    assert media_files() == []
    response = owner_client.post(
        reverse("channels:create"), {**channel_data("big"), "avatar": padded_png(LIMIT + 1)}
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "That upload is too large" in body and "at most 0.191 MB" in body
    assert not Channel.objects.filter(slug="big").exists()
    assert media_files() == []


def test_an_upload_under_the_cap_goes_through(owner_client):
    response = owner_client.post(
        reverse("channels:create"), {**channel_data("small"), "avatar": padded_png(50_000)}
    )
    assert response.status_code == 302
    channel = Channel.objects.get(slug="small")
    assert [path.name for path in media_files()] == [channel.avatar.name.rsplit("/", 1)[1]]


def test_the_default_cap_is_ten_megabytes():
    assert project_settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert project_settings.FILE_UPLOAD_MAX_MEMORY_SIZE < project_settings.UPLOAD_MAX_BYTES
