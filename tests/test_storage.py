"""Uploads through Django's storage API (portal/storage.py): the local disk by default, an
S3-compatible bucket when S3_BUCKET is set (moto's in-process mock here; moto's server in the
fleet); private files only through a checked view."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.http import FileResponse, Http404, HttpResponseRedirect
from moto import mock_aws

from portal import storage

S3 = {
    "bucket_name": "modportal-test",
    "access_key": "test",
    "secret_key": "test-secret",
    "region_name": "us-east-1",
    "signature_version": "s3v4",
    "file_overwrite": False,
}


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def bucket(settings):
    with mock_aws():
        import boto3

        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=S3["bucket_name"])
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "portal.storage_s3.PublicS3Storage",
                "OPTIONS": {**S3, "location": "public", "querystring_auth": False},
            },
            "private": {
                "BACKEND": "portal.storage_s3.PrivateS3Storage",
                "OPTIONS": {**S3, "location": "private", "querystring_expire": 60},
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


def test_private_files_stay_off_the_public_media_root(settings, private_root):
    name = storage.private_storage().save("resources/notes.pdf", ContentFile(b"%PDF-1.4 x"))
    assert (private_root / name).read_bytes() == b"%PDF-1.4 x"
    assert not (settings.MEDIA_ROOT / name).exists()
    with pytest.raises(ValueError, match="no public URL"):
        storage.private_storage().url(name)


def test_a_private_file_is_streamed_only_by_the_checked_view(private_root):
    name = storage.private_storage().save("resources/notes.txt", ContentFile(b"for the team"))
    response = storage.private_file_response(name, filename="Team notes.txt")
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == b"for the team"
    assert response["Cache-Control"] == "private, no-store"
    assert 'attachment; filename="Team notes.txt"' in response["Content-Disposition"]
    with pytest.raises(Http404):
        storage.private_file_response("resources/missing.txt")


@pytest.mark.django_db
def test_the_local_media_view_is_unchanged(client, settings):
    name = default_storage.save("channels/avatars/a.png", ContentFile(b"\x89PNG local"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG local"


@pytest.mark.django_db
def test_public_files_on_s3_are_served_through_media_url(client, bucket):
    public = storages["default"]
    name = public.save("channels/avatars/b.png", ContentFile(b"\x89PNG in a bucket"))
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket="modportal-test")["Contents"]]
    assert keys == [f"public/{name}"]
    assert public.url(name) == f"/media/{name}"  # same origin: the CSP's img-src 'self' holds
    response = client.get(public.url(name))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG in a bucket"
    assert response["Content-Type"] == "image/png"
    assert client.get("/media/channels/avatars/missing.png").status_code == 404


def test_private_files_on_s3_get_short_lived_signed_urls(bucket):
    name = storage.private_storage().save("resources/plan.pdf", ContentFile(b"%PDF secret"))
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket="modportal-test")["Contents"]]
    assert keys == [f"private/{name}"]
    response = storage.private_file_response(name, filename="Plan.pdf")
    assert isinstance(response, HttpResponseRedirect)
    url = response["Location"]
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url
    assert "attachment" in url
    assert response["Cache-Control"] == "private, no-store"
