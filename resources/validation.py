"""Checks on what people give a resource: links that stay on the public internet, and files
whose type is read from their content (with `filetype`), never from their name."""

import ipaddress
import re
from urllib.parse import urlsplit

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from .models import FILE_MAX_BYTES, URL_MAX

# Detected MIME type -> the extensions a file of that type may carry.
ALLOWED_FILES = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/gif": {"gif"},
    "image/webp": {"webp"},
}
INTERNAL_SUFFIXES = (".local", ".internal", ".localhost", ".localdomain", ".lan", ".home.arpa")
NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+))*$")


def clean_link(url: str) -> str:
    """An http(s) address on a public host. Refuses javascript:, data: and the like, and any
    address inside a private network (localhost, private, loopback or link-local IPs, .local
    and .internal names), so a shared link never points a reader at their own network."""
    url = (url or "").strip()
    message = _("Enter a web address starting with https:// or http://.")
    if not url or len(url) > URL_MAX or any(ord(c) < 33 for c in url):
        raise ValidationError({"url": message})
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError({"url": message})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"url": message}) from None
    host = (parts.hostname or "").lower().rstrip(".")
    if _is_internal(host):
        raise ValidationError(
            {"url": _("Links must point to a public website, not a local or private network.")}
        )
    return url


def _is_internal(host: str) -> bool:
    if not host or host == "localhost" or host.endswith(INTERNAL_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        # Digits-only spellings (2130706433, 127.1, 0x7f.1) are addresses to a browser.
        return bool(NUMERIC_HOST.match(host)) or "." not in host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def inspect_upload(upload) -> tuple[str, str]:
    """(MIME type, clean display name) of an uploaded PDF or image, or a ValidationError."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if upload.size > FILE_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large: the limit is %(mb)s MB.")
                % {"mb": FILE_MAX_BYTES // (1024 * 1024)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_FILES:
        raise ValidationError(
            {
                "file": _(
                    "Upload a PDF or a PNG, JPEG, GIF or WebP image (SVG and HTML are refused)."
                )
            }
        )
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_FILES[kind.mime]:
        raise ValidationError(
            {
                "file": _(
                    "The file's content is %(type)s, but its name ends in “.%(ext)s”: "
                    "rename it or upload the file you meant."
                )
                % {"type": kind.mime, "ext": extension or "(none)"}
            }
        )
    clean = re.sub(r"[^A-Za-z0-9._ -]", "_", name)[:120] or f"file.{extension}"
    return kind.mime, clean
