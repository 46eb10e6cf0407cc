"""The S3-compatible storages (settings.STORAGES names them when S3_BUCKET is set).

Kept apart from portal/storage.py so that boto3 is imported only by a node that uses a bucket.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage


class PublicS3Storage(S3Storage):
    """Public files in the bucket, addressed through MEDIA_URL (streamed by the media view,
    or by a CDN in front of the bucket) so the site's CSP (img-src 'self') holds."""

    @cached_property
    def _media_url(self):
        return settings.MEDIA_URL

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{self._media_url}{filepath_to_uri(name)}"


class PrivateS3Storage(S3Storage):
    """Private files in the bucket: only signed URLs that expire."""

    default_acl = "private"
    querystring_auth = True
