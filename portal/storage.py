"""Where uploaded files live: Django's storage API, so no node keeps a file another node needs.

Two storage aliases (settings.STORAGES):

- `default`, public files (channel avatars): MEDIA_ROOT on the local disk in the embedded
  default; an S3-compatible bucket (prefix `public/`) when S3_BUCKET is set. Their URLs are
  `MEDIA_URL<name>`, answered by `portal.views.media` from whichever storage is configured.
- `private`, files only some people may read (training resources): PRIVATE_MEDIA_ROOT on the
  local disk, or the bucket S3_PRIVATE_BUCKET (default S3_BUCKET, prefix `private/`). They have
  no public address: a view checks access, then answers with `private_file_response()`
  (a redirect to a signed URL valid PRIVATE_MEDIA_URL_SECONDS on S3, the file streamed by the
  view on a local disk). A model field uses it as `FileField(storage=private_storage)`.

The S3 classes live in portal/storage_s3.py, so a node on the local disk never imports boto3
(it adds about a second to every process start).
"""

from __future__ import annotations

import mimetypes
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponseRedirect


def private_storage():
    """The private storage, as a callable for `FileField(storage=...)` (migrations stay stable)."""
    return storages["private"]


class PrivateFileSystemStorage(FileSystemStorage):
    """Private files on the local disk, outside MEDIA_ROOT: no URL, only a checked view."""

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location, base_url=None, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no public URL: use private_file_response()")


def is_remote(storage) -> bool:
    return not isinstance(storage, FileSystemStorage)


def private_file_response(name: str, *, filename: str | None = None, as_attachment: bool = True):
    """Answer a private file, after the caller has checked that the request may read it.

    S3: a redirect to a signed URL that expires after PRIVATE_MEDIA_URL_SECONDS. Local disk:
    the file streamed by this process. Neither is cached by browsers or proxies.
    """
    storage = private_storage()
    if not name or not storage.exists(name):
        raise Http404
    download_name = filename or name.rsplit("/", 1)[-1]
    if is_remote(storage):
        disposition = "attachment" if as_attachment else "inline"
        quoted = download_name.replace('"', "")
        url = storage.url(
            name,
            parameters={"ResponseContentDisposition": f'{disposition}; filename="{quoted}"'},
            expire=settings.PRIVATE_MEDIA_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
    else:
        content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
        response = FileResponse(
            storage.open(name, "rb"),
            as_attachment=as_attachment,
            filename=download_name,
            content_type=content_type,
        )
    response["Cache-Control"] = "private, no-store"
    return response


def public_file_response(name: str):
    """Stream a public file (an avatar) from a remote default storage; 404 when missing."""
    storage = storages["default"]
    if not name or not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    # Uploads get random names and are never rewritten, so a day of caching is safe.
    response["Cache-Control"] = "public, max-age=86400"
    return response
